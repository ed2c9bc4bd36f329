import MarkdownIt from 'markdown-it';

/** Link targets an item may point to; anything else (javascript:, data:, file:, vbscript:) is not linked. */
const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

function isSafeLink(url: string): boolean {
  const trimmed = url.trim();
  // Relative links and anchors stay within the site that shows the item.
  if (/^(#|\/(?!\/)|\.\.?\/)/.test(trimmed)) {
    return true;
  }
  try {
    return SAFE_PROTOCOLS.has(new URL(trimmed).protocol);
  } catch {
    return false;
  }
}

/**
 * Markdown as editors write it, rendered to HTML that is safe to show as it is: raw HTML in the
 * source is escaped (html: false), and only http(s), mailto and relative links survive.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false });
markdown.validateLink = isSafeLink;
const defaultLinkOpen =
  markdown.renderer.rules.link_open ?? ((tokens, index, options, _env, self) => self.renderToken(tokens, index, options));
markdown.renderer.rules.link_open = (tokens, index, options, env, self) => {
  // External links must not hand the reading page to the site they open (reverse tabnabbing).
  tokens[index].attrSet('rel', 'noopener noreferrer nofollow');
  return defaultLinkOpen(tokens, index, options, env, self);
};

export interface RenderedMarkdown {
  html: string;
  /** The words only, for the search index and its snippets. */
  text: string;
}

export function renderMarkdown(source: string): RenderedMarkdown {
  const tokens = markdown.parse(source, {});
  const html = markdown.renderer.render(tokens, markdown.options, {});
  const parts: string[] = [];
  for (const token of tokens) {
    if (token.type === 'inline') {
      parts.push((token.children ?? []).map((child) => (child.type === 'softbreak' || child.type === 'hardbreak' ? ' ' : child.content)).join(''));
    } else if (token.type === 'fence' || token.type === 'code_block') {
      parts.push(token.content.trim());
    }
  }
  return { html, text: parts.filter((part) => part !== '').join('\n') };
}
