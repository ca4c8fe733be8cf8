import { MarkdownContent } from '@backstage/core-components';

/**
 * Text from the agent or a custom resource, rendered as markdown. The CommonMark dialect has no
 * raw-HTML step, so markup in the text shows as text; only http(s) and mailto links survive, and
 * images are not loaded (no tracking pixels from agent output).
 */
export function SafeMarkdown(props: { content: string }) {
  return (
    <MarkdownContent
      content={props.content}
      dialect="common-mark"
      transformLinkUri={safeLink}
      transformImageUri={() => ''}
      linkTarget="_blank"
    />
  );
}

function safeLink(href: string): string {
  return /^(https?:|mailto:)/i.test(href.trim()) ? href : '';
}
