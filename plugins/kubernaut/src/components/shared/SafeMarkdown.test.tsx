import { renderInTestApp } from '@backstage/test-utils';
import { SafeMarkdown } from './SafeMarkdown';

describe('SafeMarkdown', () => {
  it('shows markup from the agent as text and keeps only safe links', async () => {
    const { container } = await renderInTestApp(
      <SafeMarkdown
        content={[
          '**bold** <img src=x onerror="alert(1)"> <script>alert(2)</script>',
          '[docs](https://kubernaut.ai) [evil](javascript:alert(3)) ![px](https://t.example/p.gif)',
        ].join('\n\n')}
      />,
    );
    expect(container.querySelector('strong')?.textContent).toBe('bold');
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('[onerror]')).toBeNull();
    expect(container.querySelector('img[src*="t.example"]')).toBeNull();
    const hrefs = [...container.querySelectorAll('a')].map(a =>
      a.getAttribute('href'),
    );
    expect(hrefs).toContain('https://kubernaut.ai');
    expect(hrefs.some(h => h?.startsWith('javascript'))).toBe(false);
  });
});
