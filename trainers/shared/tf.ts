/**
 * The one TF.js import of the bundled trainers, so every trainer shares one engine and backend.
 * NOTE: production mode is on: it drops TF.js' per-op debug checks and its banner urging tfjs-node
 * on the cpu backend; baytune prints the backend it picked itself (backend.ts) and checks every
 * objective for finiteness.
 */
import * as tf from '@tensorflow/tfjs';

tf.enableProdMode();

export { tf };
