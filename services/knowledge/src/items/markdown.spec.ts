import { renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
  it('renders ordinary Markdown', () => {
    const { html, text } = renderMarkdown('# Democratiespel\n\nMet **ProDemos** in *Zwolle*.\n\n- eerste\n- tweede');
    expect(html).toContain('<h1>Democratiespel</h1>');
    expect(html).toContain('<strong>ProDemos</strong>');
    expect(html).toContain('<li>eerste</li>');
    expect(text).toBe('Democratiespel\nMet ProDemos in Zwolle.\neerste\ntweede');
  });

  it('escapes raw HTML instead of passing it through', () => {
    const { html } = renderMarkdown('Hallo <script>alert(1)</script> <img src=x onerror=alert(1)>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
  });

  it.each(['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'vbscript:msgbox(1)', 'data:text/html;base64,PHNjcmlwdD4=', 'file:///etc/passwd'])(
    'does not link %s',
    (target) => {
      const { html } = renderMarkdown(`[klik](${target})`);
      expect(html).not.toContain('<a');
    },
  );

  it('links http(s), mailto and relative targets, with rel against tabnabbing', () => {
    const { html } = renderMarkdown('[a](https://prodemos.nl) [b](mailto:info@example.org) [c](/v1/knowledge-items) [d](#kop)');
    expect(html).toContain('<a href="https://prodemos.nl" rel="noopener noreferrer nofollow">a</a>');
    expect(html).toContain('href="mailto:info@example.org"');
    expect(html).toContain('href="/v1/knowledge-items"');
    expect(html).toContain('href="#kop"');
  });

  it('does not let an image carry a script URL either', () => {
    expect(renderMarkdown('![x](javascript:alert(1))').html).not.toContain('<img');
  });
});
