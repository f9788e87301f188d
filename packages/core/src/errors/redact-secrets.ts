/**
 * Error messages end up in logs, traces and bug reports, so anything that can carry a
 * credential is scrubbed before it becomes part of a message: URL userinfo passwords,
 * `key=value` pairs whose key names a secret (connection strings), and bearer tokens.
 */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):([^@/\s]*)@/gi;
const SECRET_PAIR =
  /\b(password|passwd|pwd|accountkey|account_key|sharedaccesskey|secret|token|sig|key|masterkey|auth)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^;&\s,]+)/gi;
const BEARER = /\b(bearer\s+)[a-z0-9._~+/-]+=*/gi;

export function redactSecrets(text: string): string {
  return text
    .replace(URL_PASSWORD, "$1:***@")
    .replace(SECRET_PAIR, "$1$2***")
    .replace(BEARER, "$1***");
}
