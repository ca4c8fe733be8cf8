import type { SandboxPerson } from './people';

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]!),
  );

/**
 * The provider's sign-in form: a username and password, and the sandbox's people with their
 * roles and dev password, since this provider exists for local trials. No script.
 */
export function loginPage(options: {
  action: string;
  clientName: string;
  people: SandboxPerson[];
  password: string;
  error?: string;
  username?: string;
}): string {
  const rows = options.people
    .map(
      p =>
        `<tr><td><code>${escape(p.username)}</code></td><td>${escape(
          p.name,
        )}</td><td>${escape(p.groups.join(', '))}</td><td>${escape(
          p.role,
        )}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in: Kubernaut sandbox</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem;color:#1b1b1b}
form{display:grid;gap:.75rem;max-width:20rem}label{display:grid;gap:.25rem}
input{font:inherit;padding:.4rem}button{font:inherit;padding:.5rem;cursor:pointer}
table{border-collapse:collapse;margin-top:2rem}td,th{border-bottom:1px solid #ccc;padding:.3rem .6rem;text-align:left}
.error{color:#a4000f}
</style></head><body>
<h1>Kubernaut sandbox sign-in</h1>
<p>${escape(options.clientName)} asks who you are.</p>
${
  options.error
    ? `<p class="error" role="alert">${escape(options.error)}</p>`
    : ''
}
<form method="post" action="${escape(options.action)}" autocomplete="off">
<label>Username <input name="username" required value="${escape(
    options.username ?? '',
  )}"></label>
<label>Password <input name="password" type="password" required></label>
<button type="submit">Sign in</button>
</form>
<table><caption>The sandbox's people (dev password <code>${escape(
    options.password,
  )}</code>)</caption>
<thead><tr><th>Username</th><th>Name</th><th>Groups</th><th>May</th></tr></thead>
<tbody>${rows}</tbody></table>
</body></html>`;
}
