const backendUrl = process.env.KUBERNAUT_BACKEND_URL ?? 'http://127.0.0.1:7007';

/**
 * The app's dev server answers before the backend, and the backend serves some plugins before
 * others have started (a guest sign-in then fails); journeys wait until every plugin is ready.
 */
export default async function waitForBackend(): Promise<void> {
  await waitFor(`${backendUrl}/.backstage/health/v1/readiness`);
  await waitFor(`${backendUrl}/api/kubernaut/health`);
}

async function waitFor(backendHealthUrl: string): Promise<void> {
  const deadline = Date.now() + 180_000;
  let lastError = 'no answer';
  while (Date.now() < deadline) {
    try {
      const response = await fetch(backendHealthUrl);
      if (response.ok) return;
      lastError = `HTTP ${response.status}`;
    } catch (error) {
      lastError = String(error);
    }
    await new Promise(resolve => setTimeout(resolve, 1_000));
  }
  throw new Error(
    `Kubernaut backend not healthy at ${backendHealthUrl}: ${lastError}`,
  );
}
