import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

export interface SandboxTls {
  /** PEM of the sandbox CA, for kubeconfigs and clients. */
  caPem: string;
  certPem: string;
  keyPem: string;
}

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    privateKeyPem: privateKey,
    privateKey: forge.pki.privateKeyFromPem(privateKey),
    publicKey: forge.pki.publicKeyFromPem(publicKey),
  };
}

function serial() {
  return forge.util
    .bytesToHex(forge.random.getBytesSync(16))
    .replace(/^[89a-f]/, '1');
}

/**
 * A throwaway CA and a server certificate for the sandbox's API servers, valid for the listen
 * host, 127.0.0.1 and localhost. Real API servers speak TLS, and kubectl only sends bearer
 * tokens over it.
 */
export function createSandboxTls(
  host: string,
  caName = 'kubernaut-sandbox-ca',
): SandboxTls {
  const now = new Date();
  const until = new Date(now.getTime() + 365 * 24 * 3600 * 1000);

  const caKeys = keyPair();
  const ca = forge.pki.createCertificate();
  ca.publicKey = caKeys.publicKey;
  ca.serialNumber = serial();
  ca.validity.notBefore = now;
  ca.validity.notAfter = until;
  const caSubject = [{ name: 'commonName', value: caName }];
  ca.setSubject(caSubject);
  ca.setIssuer(caSubject);
  ca.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());

  const serverKeys = keyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = serverKeys.publicKey;
  cert.serialNumber = serial();
  cert.validity.notBefore = now;
  cert.validity.notAfter = until;
  cert.setSubject([{ name: 'commonName', value: 'kubernaut-sandbox' }]);
  cert.setIssuer(caSubject);
  const ips = [
    ...new Set([
      '127.0.0.1',
      ...(/^\d+\.\d+\.\d+\.\d+$/.test(host) ? [host] : []),
    ]),
  ];
  const dns = [
    ...new Set([
      'localhost',
      ...(/^\d+\.\d+\.\d+\.\d+$/.test(host) ? [] : [host]),
    ]),
  ];
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    {
      name: 'keyUsage',
      digitalSignature: true,
      keyEncipherment: true,
      critical: true,
    },
    { name: 'extKeyUsage', serverAuth: true },
    {
      name: 'subjectAltName',
      altNames: [
        ...dns.map(value => ({ type: 2, value })),
        ...ips.map(ip => ({ type: 7, ip })),
      ],
    },
  ]);
  cert.sign(caKeys.privateKey, forge.md.sha256.create());

  return {
    caPem: forge.pki.certificateToPem(ca),
    certPem: forge.pki.certificateToPem(cert),
    keyPem: serverKeys.privateKeyPem,
  };
}
