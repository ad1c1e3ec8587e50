// The race the existence check cannot close: two writers both see the key absent. S3 settles
// it with If-None-Match: * (a conditional write); this server honours it the way S3 does.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';

import { randomBytes } from '../../crypto/index.js';
import { chunksOf, rejectsWithCode } from './blob-store-contract.js';
import { openS3BlobStore } from './s3.js';

const PRECONDITION_FAILED =
  '<?xml version="1.0" encoding="UTF-8"?><Error><Code>PreconditionFailed</Code>' +
  '<Message>At least one of the pre-conditions you specified did not hold</Message></Error>';

void describe('when another writer creates the key between the existence check and the PUT', () => {
  void it('sends If-None-Match: * and maps the 412 answer to STORE_CONFLICT', async () => {
    const puts: IncomingHttpHeaders[] = [];
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (req.method === 'HEAD') {
          res.writeHead(404).end();
        } else if (req.method === 'PUT') {
          puts.push(req.headers);
          res.writeHead(412, { 'content-type': 'application/xml' }).end(PRECONDITION_FAILED);
        } else {
          res.writeHead(500).end();
        }
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    const store = await openS3BlobStore({
      bucket: 'b',
      region: 'us-east-1',
      endpoint: `http://127.0.0.1:${port}`,
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'example' },
      maxAttempts: 1,
    });
    try {
      await rejectsWithCode(store.put('calls/raced', chunksOf(randomBytes(1000))), 'STORE_CONFLICT');
      assert.equal(puts.length, 1);
      assert.equal(puts[0]?.['if-none-match'], '*');
    } finally {
      await store.close();
      server.close();
    }
  });
});
