/**
 * Why Node refused the server's TLS certificate, by the code of its verification error.
 * Retrying cannot change any of these: the client's trust settings or the server's
 * certificate must change.
 */
const UNTRUSTED_CERTIFICATE_REASONS: ReadonlyMap<string, string> = new Map([
  ["DEPTH_ZERO_SELF_SIGNED_CERT", "it is self-signed"],
  ["SELF_SIGNED_CERT_IN_CHAIN", "its chain ends in a self-signed root that is not trusted"],
  ["UNABLE_TO_VERIFY_LEAF_SIGNATURE", "its issuer is not trusted"],
  ["UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "its issuer is not among the trusted roots"],
  ["UNABLE_TO_GET_ISSUER_CERT", "its issuer is not among the trusted roots"],
  ["CERT_UNTRUSTED", "its root is not trusted for this purpose"],
  ["CERT_REJECTED", "its root is marked to reject this purpose"],
  ["INVALID_CA", "an issuer in its chain is not a valid certificate authority"],
  ["CERT_SIGNATURE_FAILURE", "its signature does not verify"],
  ["CERT_HAS_EXPIRED", "it has expired"],
  ["CERT_NOT_YET_VALID", "it is not valid yet"],
  ["CERT_REVOKED", "it has been revoked"],
  ["HOSTNAME_MISMATCH", "it was issued for another host name"],
  ["ERR_TLS_CERT_ALTNAME_INVALID", "it was issued for another host name"],
]);

/**
 * The words for a server certificate the client refused, or undefined when none of `codes`
 * is a certificate verification failure.
 */
export function untrustedCertificateReason(codes: readonly string[]): string | undefined {
  for (const code of codes) {
    const reason = UNTRUSTED_CERTIFICATE_REASONS.get(code);
    if (reason !== undefined) return `${reason} (${code})`;
  }
  return undefined;
}
