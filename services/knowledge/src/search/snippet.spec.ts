import { highlight } from './snippet';

describe('highlight', () => {
  it('escapes the text and marks only what ts_headline marked', () => {
    expect(highlight('a <script>alert("x")</script> & \u0001democratiespel\u0002 \u0001b\u0002')).toBe(
      'a &#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; <mark>democratiespel</mark> <mark>b</mark>',
    );
  });
});
