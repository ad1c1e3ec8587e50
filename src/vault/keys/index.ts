export { encodeWrapContext } from './provider.js';
export type { KeyDescription, KeyProvider, KeyVersionState, WrapContext, WrappedKey } from './provider.js';
export { LocalKeyProvider } from './local-keyring.js';
export type { LocalKeyProviderOptions } from './local-keyring.js';
export { DEFAULT_PKCS11_MODULE, Pkcs11KeyProvider } from './pkcs11.js';
export type { Pkcs11KeyProviderOptions } from './pkcs11.js';
export { RegionBoundKeyProvider, RegionalKeyProvider, tenantOfKeyId } from './region-router.js';
export type { TenantKeyRegionLookup } from './region-router.js';
