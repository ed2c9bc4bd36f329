import 'reflect-metadata';
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateSigningKeyPair } from '@deelwijs/contracts';
import { loadConfig } from '@deelwijs/platform';
import { KnowledgeConfig } from './knowledge.config';

const IDENTITY_SIGNING_PUBLIC_KEY = generateSigningKeyPair().publicKey;

describe('the knowledge settings for attachment storage', () => {
  const load = (env: Record<string, string>) =>
    loadConfig(KnowledgeConfig, {
      PORT: '3002',
      DATABASE_URL: 'postgres://127.0.0.1/deelwijs_knowledge',
      AUTH_JWT_SECRET: 'a-test-secret-that-is-long-enough-123',
      IDENTITY_SIGNING_PUBLIC_KEY,
      ...env,
    });

  it('keeps the filesystem when no S3 setting is given', () => {
    const config = load({});
    expect(config.S3_BUCKET).toBeUndefined();
    expect(config.ATTACHMENTS_DIR).toBe('var/knowledge-attachments');
  });

  it('reads the bucket, the endpoint, path style and both keys, each key also from a file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'knowledge-config-'));
    try {
      writeFileSync(path.join(dir, 'id'), 'an-access-key-id\n');
      writeFileSync(path.join(dir, 'secret'), 'a-secret-access-key-of-some-length');
      const config = load({
        S3_BUCKET: 'deelwijs-attachments',
        S3_ENDPOINT: 'http://minio:9000',
        S3_FORCE_PATH_STYLE: 'true',
        S3_ACCESS_KEY_ID_FILE: path.join(dir, 'id'),
        S3_SECRET_ACCESS_KEY_FILE: path.join(dir, 'secret'),
      });
      expect(config).toMatchObject({
        S3_BUCKET: 'deelwijs-attachments',
        S3_ENDPOINT: 'http://minio:9000',
        S3_REGION: 'us-east-1',
        S3_FORCE_PATH_STYLE: true,
        S3_ACCESS_KEY_ID: 'an-access-key-id',
        S3_SECRET_ACCESS_KEY: 'a-secret-access-key-of-some-length',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses S3 settings without a bucket, a bad bucket name, half a key pair and placeholder keys, by name', () => {
    expect(() => load({ S3_ENDPOINT: 'http://minio:9000' })).toThrow(/S3_BUCKET is required/);
    expect(() => load({ S3_BUCKET: 'Not_A_Bucket' })).toThrow(/S3_BUCKET must be a bucket name/);
    expect(() => load({ S3_BUCKET: 'deelwijs-attachments', S3_ACCESS_KEY_ID: 'an-access-key-id' })).toThrow(
      /S3_SECRET_ACCESS_KEY is required/,
    );
    expect(() => load({ S3_BUCKET: 'deelwijs-attachments', S3_ENDPOINT: 'minio:9000' })).toThrow(
      /S3_ENDPOINT must be an http\(s\) URL/,
    );
    const placeholders = {
      S3_BUCKET: 'deelwijs-attachments',
      S3_ACCESS_KEY_ID: 'replace-me',
      S3_SECRET_ACCESS_KEY: 'minioadmin',
    };
    expect(() => load(placeholders)).toThrow(
      /S3_ACCESS_KEY_ID is the placeholder in infra\/k8s\/secret.yaml/,
    );
    expect(() => load(placeholders)).toThrow(/S3_SECRET_ACCESS_KEY is a well-known default/);
    expect(() => load({ S3_BUCKET: 'deelwijs-attachments', S3_FORCE_PATH_STYLE: 'yes' })).toThrow(
      /S3_FORCE_PATH_STYLE must be true or false/,
    );
  });
});
