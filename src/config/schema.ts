import { z } from 'zod';
import { AlertsConfigSchema } from './alerts.js';
import { BlobStoreSchema, KeyProviderSchema, RegionsSchema } from './regions.js';
import { SubprocessorsConfigSchema } from './subprocessors.js';
import { WebrtcConfigSchema } from './webrtc.js';

const port = z.number().int().min(0).max(65535);

export const ConfigSchema = z
  .object({
    /** Everything Sotto keeps locally lives under here (embedded default: ./data). */
    dataDir: z.string().min(1),
    metadata: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('sqlite'), path: z.string().optional() }).strict(),
      z.object({ kind: z.literal('postgres'), url: z.string().url(), schema: z.string().regex(/^[a-z_][a-z0-9_]*$/).optional() }).strict(),
    ]),
    blobs: BlobStoreSchema,
    keys: KeyProviderSchema,
    /** Data residency: regions besides the default one (`calls.region`), each with its own blobs and keys. */
    regions: RegionsSchema,
    server: z
      .object({
        host: z.string().min(1),
        port,
        tls: z.object({ certFile: z.string().optional(), keyFile: z.string().optional() }).strict(),
      })
      .strict(),
    vault: z.object({ segmentSize: z.number().int().min(4096).max(16 * 1024 * 1024) }).strict(),
    access: z
      .object({
        /** The authorization policy (YAML); default: policies/default.yaml shipped with Sotto. */
        policyFile: z.string().optional(),
        /** Optional single sign-on: bearer JWTs from this issuer are accepted and mapped to roles. */
        oidc: z
          .object({
            issuer: z.string().url(),
            audience: z.string().min(1),
            jwksUri: z.string().url(),
            tenantClaim: z.string().min(1),
            roleClaim: z.string().min(1),
            roleMap: z.record(z.string(), z.union([z.string(), z.array(z.string())])),
          })
          .strict()
          .optional(),
      })
      .strict(),
    audit: z
      .object({
        /** Checkpoint origin line and signing-key name; fixed for the life of a log. */
        origin: z.string().min(1).max(200),
        checkpointIntervalMs: z.number().int().min(100).max(10_000),
      })
      .strict(),
    calls: z
      .object({
        /** Where calls are processed and their data kept (data residency), e.g. 'eu-west'. */
        region: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/),
        /** Said first on every call; null for none (only where the law allows). */
        recordingNotice: z.string().min(1).max(500).nullable(),
        maxDurationMs: z.number().int().min(10_000).max(4 * 60 * 60 * 1000),
        /** The agent a call gets when its stream does not name one. */
        agent: z.string().min(1),
        /** Twilio: calls are accepted for this tenant when signed with SOTTO_TWILIO_AUTH_TOKEN. */
        twilio: z
          .object({ tenant: z.string().min(1).optional(), publicBaseUrl: z.string().url().optional() })
          .strict(),
        asr: z.discriminatedUnion('provider', [
          z.object({ provider: z.literal('pocketsphinx') }).strict(),
          /** The API key comes from env SOTTO_DEEPGRAM_API_KEY, never from the config file. */
          z.object({ provider: z.literal('deepgram'), url: z.string().url().optional() }).strict(),
        ]),
        /** An OpenAI-compatible endpoint for the 'llm' agent; key from env SOTTO_LLM_API_KEY. */
        llm: z
          .object({
            baseUrl: z.string().url(),
            model: z.string().min(1),
            systemPrompt: z.string().max(20_000).optional(),
            /** PEM file of a private CA the endpoint's certificate chains to (an internal model gateway). */
            caFile: z.string().min(1).optional(),
          })
          .strict()
          .optional(),
      })
      .strict(),
    lifecycle: z
      .object({
        /** How often the in-process retention sweep looks for expired data (docs/lifecycle.md). */
        sweepIntervalMs: z.number().int().min(1000).max(24 * 60 * 60 * 1000),
        /** How long a claimed deletion is reserved for the process that claimed it; after that
         *  (the process died), another sweep or erasure run takes it over. */
        claimLeaseMs: z.number().int().min(100).max(60 * 60 * 1000),
      })
      .strict(),
    /** What the operator declares about each outside provider (docs/subprocessors.md). */
    subprocessors: SubprocessorsConfigSchema,
    /** Alerts on suspicious access from the audit stream (src/config/alerts.ts). */
    alerts: AlertsConfigSchema,
    /** Browser calls over WebRTC: ICE-lite, host addresses, ports, browsers' ICE servers (src/config/webrtc.ts). */
    webrtc: WebrtcConfigSchema,
    log: z.object({ level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) }).strict(),
  })
  .strict();

export type SottoConfig = z.infer<typeof ConfigSchema>;
