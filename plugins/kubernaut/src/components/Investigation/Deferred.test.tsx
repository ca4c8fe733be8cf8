import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { renderToString } from 'react-dom/server';
import { Deferred, DeferredMarkdown } from './Deferred';

describe('DeferredMarkdown', () => {
  it('shows the plain text in the first render, without parsing it', () => {
    const html = renderToString(
      <DeferredMarkdown text="The cache is **unbounded**." />,
    );
    expect(html).toContain('The cache is **unbounded**.');
    expect(html).not.toContain('<strong>');
  });

  it('shows the parsed markdown once mounted', async () => {
    await renderInTestApp(
      <DeferredMarkdown text="The cache is **unbounded**." />,
    );
    expect(await screen.findByText('unbounded')).toContainHTML(
      '<strong>unbounded</strong>',
    );
    expect(screen.queryByText(/\*\*/)).not.toBeInTheDocument();
  });
});

describe('Deferred', () => {
  it('holds the placeholder in the first render and the children once mounted', async () => {
    const view = (
      <Deferred placeholder={<span>placeholder</span>}>
        <button>Copy message</button>
      </Deferred>
    );
    expect(renderToString(view)).toContain('placeholder');
    expect(renderToString(view)).not.toContain('Copy message');
    await renderInTestApp(view);
    expect(
      await screen.findByRole('button', { name: 'Copy message' }),
    ).toBeInTheDocument();
    expect(screen.queryByText('placeholder')).not.toBeInTheDocument();
  });
});
