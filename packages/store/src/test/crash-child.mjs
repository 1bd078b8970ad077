/* global process */
// Child process for crash.test.ts: writes to a store in a bounded loop until it is killed.
// argv: <dist index.js URL> <data dir> <max iterations>
const [distUrl, dir, maxArg] = process.argv.slice(2);
const { openFaceStore } = await import(distUrl);
const { randomUUID } = await import('node:crypto');

const DIM = 128;
const store = openFaceStore(dir);
for (const id of ['crash', 'churn']) if (!store.getCollection(id)) store.createCollection(id, 'v');

const unit = () => {
  const v = new Float32Array(DIM);
  let n = 0;
  for (let i = 0; i < DIM; i++) {
    v[i] = Math.random() * 2 - 1;
    n += v[i] * v[i];
  }
  n = Math.sqrt(n);
  for (let i = 0; i < DIM; i++) v[i] /= n;
  return v;
};

const images = [];
const max = Number(maxArg);
for (let i = 0; i < max; i++) {
  const collection = i % 5 === 4 ? 'churn' : 'crash';
  const k = 1 + (i % 3);
  const imageId = randomUUID();
  const faces = Array.from({ length: k }, () => ({
    FaceId: randomUUID(),
    ImageId: imageId,
    // The number of faces the image has, so the checker can tell a partial image.
    ExternalImageId: `img-${k}-${i}`,
    BoundingBox: { Width: 0.2, Height: 0.2, Left: 0.1, Top: 0.1 },
    Confidence: 99,
    IndexFacesModelVersion: 'v',
    createdAt: Date.now(),
    embedding: unit(),
  }));
  store.addFaces(collection, faces);
  if (collection === 'crash') images.push(faces.map((f) => f.FaceId));
  if (i % 7 === 6 && images.length > 3) {
    // Delete a whole earlier image, so "all faces of an image or none" stays checkable.
    store.deleteFaces('crash', images.splice(Math.floor(Math.random() * images.length), 1)[0]);
  }
  if (i % 11 === 10 && images.length > 0) {
    const user = `u${process.pid}-${i}`;
    store.createUser('crash', user);
    store.associateFaces('crash', user, images[images.length - 1]);
  }
  if (i % 97 === 96) {
    store.deleteCollection('churn');
    store.createCollection('churn', 'v');
  }
  if (i % 25 === 0) process.stdout.write(`${i}\n`);
}
store.close();
process.stdout.write('done\n');
