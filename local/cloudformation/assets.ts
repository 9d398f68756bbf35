import type { Store } from '../store/store';

/**
 * Where a file asset of a cloud assembly lives on this machine, by the S3 location the template
 * names for it (`S3Bucket` + `S3Key`), so AWS::Lambda::Function code resolves to a directory.
 */
export interface AssetRecord {
  readonly bucket: string;
  readonly key: string;
  /** Absolute path of the asset: a directory (Lambda code) or a file. */
  readonly path: string;
  readonly packaging: 'zip' | 'file';
}

const NAMESPACE = 'cfn-assets';

function assetsOf(store: Store) {
  return store.namespace<AssetRecord>(NAMESPACE);
}

export async function registerAsset(store: Store, asset: AssetRecord): Promise<void> {
  await assetsOf(store).put(`${asset.bucket}/${asset.key}`, asset);
}

export function findAsset(store: Store, bucket: string, key: string): Promise<AssetRecord | undefined> {
  return assetsOf(store).get(`${bucket}/${key}`);
}
