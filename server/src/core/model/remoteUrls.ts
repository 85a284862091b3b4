/**
 * The URLs a Dockerfile downloads whose sizes a network look-up can find: `ADD <url>` sources and
 * the URLs of `curl -o/-O` / `wget` downloads saved in a layer, after ARG/ENV expansion, http(s)
 * only, with no `$` left in them; and the registry queries (npm, PyPI, the Alpine index of an apk
 * stage) the estimators make. Exactly the URLs the estimators ask `ModelEnvironment.remoteSize`
 * for, because it is found by building the model with a lookup that records them (pure, no I/O).
 */
import type { ParsedDockerfile } from '../parse/dockerfile';
import { buildSizeModel } from './sizeModel';
import type { ModelOptions } from './types';
import type { BuildContext } from '../context/buildContext';

export function remoteUrls(parsed: ParsedDockerfile, options: Partial<ModelOptions> = {}, context?: BuildContext): string[] {
  // With the build context, the packages of `pip install -r requirements.txt` are asked too.
  return buildSizeModel(parsed, { ...options, network: true }, { remoteSize: () => undefined, apkIndex: () => undefined, context }).remoteUrls;
}
