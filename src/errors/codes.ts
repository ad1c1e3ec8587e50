// One registry of error codes: each code has the HTTP status an API answer uses and a line a
// user can act on. `errors.test.ts` checks every code is documented in docs/errors.md.
export const ERROR_CODES = {
  // usage and configuration
  USAGE: { status: 400, text: 'The command or request was malformed.' },
  CONFIG_INVALID: { status: 500, text: 'The configuration does not validate.' },
  NOT_FOUND: { status: 404, text: 'No such resource (or not visible to this principal).' },
  INTERNAL: { status: 500, text: 'An unexpected internal error; details are in the server log.' },

  // vault: segmented AEAD format (docs/vault-format.md)
  VAULT_BAD_HEADER: { status: 422, text: 'The blob does not start with a valid vault header.' },
  VAULT_UNSUPPORTED_VERSION: { status: 422, text: 'The blob was written by an unknown format version.' },
  VAULT_KEY_MISMATCH: { status: 422, text: 'The data key does not match the blob (key commitment failed).' },
  VAULT_HEADER_AUTH_FAILED: { status: 422, text: 'The header or its associated data (tenant, artifact, kind) do not authenticate.' },
  VAULT_SEGMENT_AUTH_FAILED: { status: 422, text: 'A segment failed authentication: corrupted, reordered, duplicated or swapped.' },
  VAULT_TRUNCATED: { status: 422, text: 'The blob ends before its final segment.' },
  VAULT_TRAILING_DATA: { status: 422, text: 'The blob continues after its final segment.' },
  VAULT_RANGE_INVALID: { status: 416, text: 'The requested byte range is outside the artifact.' },
  // vault: envelope and artifacts
  ARTIFACT_NOT_FOUND: { status: 404, text: 'No such artifact.' },
  ARTIFACT_SHREDDED: { status: 410, text: 'The artifact’s subject key was destroyed; its content is unrecoverable.' },
  ARTIFACT_KIND_INVALID: { status: 400, text: 'Unknown artifact kind.' },
  SUBJECT_KEY_UNWRAP_FAILED: { status: 500, text: 'A subject key could not be unwrapped with the tenant key.' },
  DATA_KEY_UNWRAP_FAILED: { status: 500, text: 'A data key could not be unwrapped with its subject key.' },

  // key providers
  KEYRING_SECRET_MISSING: { status: 500, text: 'The master secret for the local keyring is not available.' },
  KEYRING_SECRET_WEAK: { status: 500, text: 'The master secret is too short (at least 32 characters) or not a secret file.' },
  KEYRING_SECRET_WRONG: { status: 500, text: 'The master secret does not open the keyring.' },
  KEYRING_CORRUPT: { status: 500, text: 'The keyring file is unreadable or has been altered.' },
  KEY_NOT_FOUND: { status: 500, text: 'The key or key version is unknown to the key provider.' },
  KEY_RETIRED: { status: 500, text: 'The key version is retired and may no longer unwrap.' },
  KEY_IN_USE: { status: 409, text: 'The key version still wraps subject keys; rotate before retiring it.' },
  KEY_UNWRAP_FAILED: { status: 500, text: 'The key provider refused to unwrap (wrong key, context or ciphertext).' },
  KEY_PROVIDER_UNAVAILABLE: { status: 503, text: 'The key provider cannot be reached or initialised.' },

  // metadata and blob stores
  STORE_UNAVAILABLE: { status: 503, text: 'The metadata store cannot be reached.' },
  STORE_MIGRATION_FAILED: { status: 500, text: 'A metadata store migration failed.' },
  STORE_CONFLICT: { status: 409, text: 'The record already exists or changed concurrently.' },
  BLOB_NOT_FOUND: { status: 404, text: 'No blob is stored under that key.' },
  BLOB_KEY_INVALID: { status: 400, text: 'A blob key may only use [A-Za-z0-9._/-] and no dot segments.' },
  BLOB_STORE_UNAVAILABLE: { status: 503, text: 'The blob store cannot be reached.' },
  BLOB_WRITE_FAILED: { status: 500, text: 'A blob could not be written; nothing was stored.' },

  // audit log
  AUDIT_STATE_INVALID: { status: 500, text: 'A stored audit tree state is malformed.' },
  AUDIT_PROOF_INVALID: { status: 422, text: 'A Merkle inclusion or consistency proof does not verify against its tree head.' },
  AUDIT_PROOF_RANGE_INVALID: { status: 400, text: 'No proof exists for that leaf index and tree size (index below size, old size at most new size).' },
  AUDIT_CHECKPOINT_INVALID: { status: 422, text: 'A checkpoint is malformed or not validly signed by a trusted log key.' },
  AUDIT_KEY_INVALID: { status: 500, text: 'An audit log signer or verifier key is malformed or does not match its name and key ID.' },
  AUDIT_ENTRY_INVALID: { status: 422, text: 'An audit entry is malformed or not in canonical encoding.' },
  AUDIT_VERIFY_FAILED: { status: 500, text: 'The audit log does not verify: an entry or checkpoint was altered, removed, reordered or inserted.' },

  // access (the gateway; issue 3 grows this)
  ACCESS_DENIED: { status: 403, text: 'The principal may not perform this action.' },
  AUDIT_WRITE_FAILED: { status: 503, text: 'The access could not be recorded, so it was refused.' },

  // authorization: policy and break-glass (docs/access-policy.md)
  POLICY_INVALID: { status: 500, text: 'The access policy does not validate; nothing is allowed until it does.' },
  BREAK_GLASS_REQUIRED: { status: 403, text: 'This access needs an active break-glass grant.' },
  BREAK_GLASS_REASON_REQUIRED: { status: 400, text: 'A break-glass request needs a stated reason of at least 10 characters.' },
  BREAK_GLASS_EXPIRED: { status: 403, text: 'The break-glass grant has expired or was revoked.' },

  // identity: people, sessions, API tokens, OIDC (src/access/identity)
  AUTH_REQUIRED: { status: 401, text: 'No credentials were presented.' },
  AUTH_INVALID: { status: 401, text: 'The credentials are not valid.' },
  AUTH_EXPIRED: { status: 401, text: 'The session or token has expired; sign in again.' },
  MFA_REQUIRED: { status: 401, text: 'A one-time code from the authenticator app is required.' },
  RATE_LIMITED: { status: 429, text: 'Too many failed attempts; try again later.' },
  USER_EXISTS: { status: 409, text: 'A user with that email already exists in this tenant.' },
  PASSWORD_WEAK: { status: 400, text: 'The password is too short (at least 12 characters) or too long (at most 1024 bytes).' },
  OIDC_UNAVAILABLE: { status: 503, text: 'The identity provider’s signing keys could not be fetched.' },

  // detection and redaction (src/detect)
  DETECT_INPUT_INVALID: { status: 400, text: 'A conversation to redact is malformed (not JSON, missing fields, unknown speaker, or not UTF-8).' },
  DETECT_OUTPUT_FAILED: { status: 500, text: 'The redacted output could not be written.' },
  DETECT_POLICY_INVALID: { status: 400, text: 'The redaction policy names an unknown entity type, action or masking style.' },
  DETECT_TOKEN_UNKNOWN: { status: 404, text: 'No value is held under that token in this call.' },
  DETECT_CAPABILITY_INVALID: { status: 403, text: 'The capability presented may not resolve tokens of this call.' },
  DETECT_VAULT_WIPED: { status: 410, text: 'The call has ended and its token vault was wiped.' },

  // audio: codecs, WAV, framing, audio redaction (src/audio)
  AUDIO_FORMAT_INVALID: { status: 422, text: 'Audio is malformed or in an unsupported codec, rate or layout.' },
  AUDIO_REDACTION_FAILED: { status: 500, text: 'A sensitive span could not be placed in the audio; the utterance was muted instead.' },

  // speech: recognition and synthesis providers (src/speech)
  ASR_UNAVAILABLE: { status: 503, text: 'The speech recognizer could not be started or reached.' },
  ASR_FAILED: { status: 502, text: 'The speech recognizer failed during the call.' },
  TTS_UNAVAILABLE: { status: 503, text: 'The speech synthesizer could not be started or reached.' },
  TTS_FAILED: { status: 502, text: 'The speech synthesizer failed to produce audio.' },
  PROVIDER_INSECURE_URL: { status: 400, text: 'Outbound provider URLs must use https:// or wss:// (plain only on loopback when explicitly allowed).' },

  // transport: media streams (src/transport)
  TRANSPORT_AUTH_FAILED: { status: 401, text: 'The media stream upgrade carried no valid signature or stream token.' },
  TRANSPORT_MALFORMED_FRAME: { status: 400, text: 'A media stream message is not valid JSON of a known event, or is a binary frame.' },
  TRANSPORT_FRAME_TOO_LARGE: { status: 413, text: 'A media stream message is larger than allowed.' },
  TRANSPORT_OUT_OF_ORDER: { status: 400, text: 'A media stream message arrived out of order or before the stream started.' },
  TRANSPORT_CODEC_UNSUPPORTED: { status: 415, text: 'The media stream announced an audio format Sotto does not accept.' },
  TRANSPORT_UNKNOWN_STREAM: { status: 400, text: 'A media stream message names a stream that was not started on this connection.' },
  TRANSPORT_IDLE_TIMEOUT: { status: 408, text: 'The media stream stopped sending audio.' },
  TRANSPORT_INSECURE: { status: 426, text: 'Plain ws:// or http:// is refused; use wss:// or https://.' },
  TRANSPORT_OVERLOADED: { status: 503, text: 'The media stream endpoint is at its connection limit or shutting down; try again later.' },
  TRANSPORT_CONNECT_FAILED: { status: 502, text: 'The media stream could not be opened: connection, TLS or WebSocket handshake failed.' },
  TRANSPORT_STREAM_TOKEN_USED: { status: 401, text: 'The stream token was already used: each one admits a single media stream. Mint a new one.' },
  TRANSPORT_STREAM_TOKEN_EXPIRED: { status: 401, text: 'The stream token has expired (default 5 minutes after it was minted). Mint a new one.' },
  TRANSPORT_SIGNATURE_REPLAYED: { status: 401, text: 'This X-Twilio-Signature was already accepted once: each <Stream> URL connects once. Give every call its own URL.' },
  // transport: browser calls over WebRTC (src/transport/webrtc, docs/webrtc.md)
  WEBRTC_OFFER_INVALID: { status: 400, text: 'The WebRTC offer is not usable: it must be an SDP offer of at most 16 KiB with exactly one audio m-line over DTLS-SRTP (UDP/TLS/RTP/SAVPF) offering PCMU, with ICE credentials and a DTLS fingerprint.' },
  WEBRTC_DISABLED: { status: 503, text: 'Browser calls over WebRTC are turned off on this server (webrtc.enabled).' },
  WEBRTC_CONNECTION_FAILED: { status: 408, text: 'The browser’s WebRTC connection did not complete ICE and DTLS within webrtc.setupTimeoutMs, or failed; the call was ended.' },

  // agent: flows, LLM adapter, tools (src/agent)
  FLOW_INVALID: { status: 500, text: 'An agent flow definition does not validate.' },
  AGENT_UNKNOWN: { status: 404, text: 'No agent of that name is configured.' },
  TOOL_FAILED: { status: 502, text: 'A tool called by the agent failed.' },
  LLM_UNAVAILABLE: { status: 503, text: 'The language model endpoint could not be reached or answered with an error.' },
  LLM_RESPONSE_INVALID: { status: 502, text: 'The language model answered with a malformed response or an unknown tool call.' },

  // calls: sessions and records (src/call)
  CALL_FAILED: { status: 500, text: 'The call failed; the reason is in its call record.' },
  CALL_SCRIPT_INVALID: { status: 400, text: 'A caller script for the simulator does not validate.' },
  CALL_RECORDING_MISSING: { status: 404, text: 'The call has no stored recording or transcript.' },

  // lifecycle: retention, legal holds, erasure, deletion certificates (src/lifecycle, docs/lifecycle.md)
  RETENTION_INVALID: { status: 400, text: 'Unknown data class, or a retention period that is not a whole number of days from 1 to 36,500.' },
  LEGAL_HOLD_ACTIVE: { status: 409, text: 'A legal hold covers this data: it is kept, not erased, until the hold is released.' },
  LEGAL_HOLD_NOT_FOUND: { status: 404, text: 'No active legal hold has that id in this tenant.' },
  ERASURE_INCOMPLETE: { status: 503, text: 'The erasure started but could not finish (key provider, store or blob store failed); run it again to resume.' },
  EXPORT_RECIPIENT_INVALID: { status: 400, text: 'A subject export needs a passphrase of at least 12 characters or an age public key (age1…).' },
  CERTIFICATE_INVALID: { status: 422, text: 'The deletion certificate is malformed, was edited, or is not signed by the given key.' },

  // incidents and alerts (src/incidents, docs/incidents.md)
  INCIDENT_NOT_FOUND: { status: 404, text: 'No incident has that id (or it belongs to another tenant).' },
  INCIDENT_INVALID: { status: 400, text: 'The incident fields do not validate (times, window, severity, regime, recipient or text length).' },
  INCIDENT_TRANSITION_INVALID: { status: 409, text: 'The incident cannot move to that status from its current one (closed incidents are reopened explicitly).' },
  ALERT_WEBHOOK_SECRET_INVALID: { status: 500, text: 'SOTTO_ALERT_WEBHOOK_SECRET is missing or not a Standard Webhooks secret (whsec_ and base64 of at least 24 bytes).' },
  ALERT_DELIVERY_FAILED: { status: 502, text: 'The alert webhook did not accept the alert; it stays queued and is retried with backoff.' },

  // subprocessors: the registry of outside providers and tenant policy (src/subprocessors, docs/subprocessors.md)
  SUBPROCESSOR_NOT_ALLOWED: { status: 403, text: 'The tenant’s subprocessor policy does not allow a provider this call would use; the call was refused before anything was sent.' },
  SUBPROCESSOR_POLICY_INVALID: { status: 400, text: 'The subprocessor policy does not validate (unknown certification, malformed provider name, wrong type).' },

  // data residency: regions (docs/residency.md)
  RESIDENCY_VIOLATION: { status: 403, text: 'The tenant’s data may not be written or processed outside its region; nothing was stored.' },
  REGION_UNAVAILABLE: { status: 503, text: 'The tenant’s region (or the tenant’s lack of one) has no blob store and key provider configured here; refused, never sent to another region.' },
  REGION_UNKNOWN: { status: 400, text: 'No region of that name is configured (calls.region or a key of regions).' },
  TENANT_REGION_IMMUTABLE: { status: 409, text: 'A tenant’s region never changes in place; moving a tenant to another region is a data migration.' },

  // server
  TLS_REQUIRED: { status: 426, text: 'Plain HTTP is refused; use HTTPS.' },
  REQUEST_TOO_LARGE: { status: 413, text: 'The request body is larger than the server accepts.' },
  MEDIA_TYPE_UNSUPPORTED: { status: 415, text: 'The request body has a content type the server does not accept.' },
  SERVER_LISTEN_FAILED: { status: 500, text: 'The server could not listen on the configured address (in use or not permitted).' },
  // operator console (docs/console.md)
  CONSOLE_NOT_BUILT: { status: 503, text: 'The operator console has not been built on this server (run `npm run build:web`).' },
  CSRF_ORIGIN_MISMATCH: { status: 403, text: 'A request signed in by the console cookie came from another origin, or named none.' },
} as const satisfies Record<string, { status: number; text: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
