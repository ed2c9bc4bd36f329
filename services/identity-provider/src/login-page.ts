export type Language = 'nl' | 'en';

const TEXT = {
  nl: {
    title: 'Aanmelden bij Deelwijs',
    intro: 'Meld u aan met uw gebruikersnaam en wachtwoord.',
    username: 'Gebruikersnaam',
    password: 'Wachtwoord',
    submit: 'Aanmelden',
    cancel: 'Annuleren',
    switchTo: 'English',
    failed: 'De gebruikersnaam of het wachtwoord klopt niet. Probeer het opnieuw.',
    missing: 'Vul uw gebruikersnaam en wachtwoord in.',
    demo: 'Demo-accounts',
    errorTitle: 'Aanmelden lukt niet',
    signedOut: 'U bent afgemeld',
    signedOutText: 'U bent afgemeld bij Deelwijs.',
    logoutQuestion: 'Wilt u zich afmelden bij Deelwijs?',
    logoutYes: 'Ja, afmelden',
    logoutNo: 'Nee, aangemeld blijven',
    back: 'Terug naar Deelwijs',
  },
  en: {
    title: 'Sign in to Deelwijs',
    intro: 'Sign in with your user name and password.',
    username: 'User name',
    password: 'Password',
    submit: 'Sign in',
    cancel: 'Cancel',
    switchTo: 'Nederlands',
    failed: 'The user name or password is not right. Please try again.',
    missing: 'Enter your user name and password.',
    demo: 'Demo accounts',
    errorTitle: 'Signing in does not work',
    signedOut: 'You are signed out',
    signedOutText: 'You have signed out of Deelwijs.',
    logoutQuestion: 'Do you want to sign out of Deelwijs?',
    logoutYes: 'Yes, sign out',
    logoutNo: 'No, stay signed in',
    back: 'Back to Deelwijs',
  },
} as const;

export function languageOf(value: unknown, acceptLanguage?: string): Language {
  if (value === 'en' || value === 'nl') {
    return value;
  }
  return /^en\b/i.test(acceptLanguage ?? '') ? 'en' : 'nl';
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Contrast at least 4.5:1 everywhere, a visible focus ring, labels on every field, errors announced. */
const STYLE = `
  *{box-sizing:border-box}
  body{margin:0;font-family:"Segoe UI",Roboto,Arial,sans-serif;font-size:1.125rem;line-height:1.5;color:#1a1a1a;background:#f3f3f3}
  header{background:#154273;color:#fff;padding:1rem 1.5rem}
  header p{margin:0;font-weight:700;font-size:1.25rem}
  main{max-width:28rem;margin:2rem auto;padding:1.5rem;background:#fff;border:1px solid #8a8a8a}
  h1{font-size:1.6rem;margin:0 0 .5rem}
  label{display:block;font-weight:700;margin-top:1rem}
  input{display:block;width:100%;font:inherit;padding:.5rem;border:2px solid #4d4d4d;border-radius:2px}
  input[aria-invalid=true]{border-color:#b00020}
  button{font:inherit;margin-top:1.5rem;padding:.6rem 1.2rem;border:2px solid #154273;border-radius:2px;background:#154273;color:#fff;cursor:pointer}
  button.secondary{background:#fff;color:#154273}
  a{color:#154273}
  :focus-visible{outline:3px solid #ffbf47;outline-offset:2px}
  .error{border-left:6px solid #b00020;background:#fdecee;padding:.75rem 1rem;margin:1rem 0}
  .language{text-align:right;margin:0}
  .demo{font-size:1rem;color:#4d4d4d;margin-top:1.5rem}
  .actions{display:flex;gap:1rem;flex-wrap:wrap;align-items:center}`;

function page(language: Language, title: string, body: string): string {
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Deelwijs</title>
<style>${STYLE}</style>
</head>
<body>
<header><p>Deelwijs</p></header>
<main id="inhoud">
${body}
</main>
</body>
</html>`;
}

export function loginPage(options: {
  language: Language;
  action: string;
  abortAction: string;
  switchHref: string;
  username?: string;
  error?: 'failed' | 'missing';
  demoUsernames: string[];
}): string {
  const text = TEXT[options.language];
  const other: Language = options.language === 'nl' ? 'en' : 'nl';
  const invalid = options.error ? ' aria-invalid="true" aria-describedby="login-error"' : '';
  const error = options.error
    ? `<div class="error" role="alert" id="login-error"><p>${escapeHtml(text[options.error])}</p></div>`
    : '';
  return page(
    options.language,
    text.title,
    `<p class="language"><a href="${escapeHtml(options.switchHref)}" lang="${other}" hreflang="${other}">${text.switchTo}</a></p>
<h1>${text.title}</h1>
<p>${text.intro}</p>
${error}
<form method="post" action="${escapeHtml(options.action)}">
<input type="hidden" name="lang" value="${options.language}">
<label for="username">${text.username}</label>
<input id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${escapeHtml(options.username ?? '')}"${invalid}>
<label for="password">${text.password}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${invalid}>
<div class="actions">
<button type="submit">${text.submit}</button>
</div>
</form>
<form method="post" action="${escapeHtml(options.abortAction)}">
<input type="hidden" name="lang" value="${options.language}">
<button type="submit" class="secondary">${text.cancel}</button>
</form>
<p class="demo">${text.demo}: ${options.demoUsernames.map(escapeHtml).join(', ')}</p>`,
  );
}

export function logoutPage(language: Language, form: string): string {
  const text = TEXT[language];
  return page(
    language,
    text.logoutQuestion,
    `<h1>${text.logoutQuestion}</h1>
${form}
<div class="actions">
<button type="submit" form="op.logoutForm" value="yes" name="logout">${text.logoutYes}</button>
<button type="submit" form="op.logoutForm" class="secondary">${text.logoutNo}</button>
</div>`,
  );
}

export function signedOutPage(language: Language, backHref?: string): string {
  const text = TEXT[language];
  return page(
    language,
    text.signedOut,
    `<h1>${text.signedOut}</h1><p>${text.signedOutText}</p>${backHref ? `<p><a href="${escapeHtml(backHref)}">${text.back}</a></p>` : ''}`,
  );
}

export function errorPage(language: Language, detail: string): string {
  const text = TEXT[language];
  return page(language, text.errorTitle, `<h1>${text.errorTitle}</h1><p>${escapeHtml(detail)}</p>`);
}
