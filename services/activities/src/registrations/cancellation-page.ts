/** A minimal bilingual page for the registrant's cancel link; the ids and token are escaped-safe (uuid, base64url). */
export function cancellationPage(step: 'confirm' | 'done', registrationId: string, token: string): string {
  const body =
    step === 'confirm'
      ? `<h1>Aanmelding annuleren? / Cancel registration?</h1>
  <form method="post" action="/v1/registration-cancellations/${registrationId}?token=${encodeURIComponent(token)}">
    <button type="submit">Ja, annuleren / Yes, cancel</button>
  </form>`
      : `<h1>Uw aanmelding is geannuleerd. / Your registration is cancelled.</h1>`;
  return `<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>Deelwijs</title></head>
<body>
  ${body}
</body></html>
`;
}
