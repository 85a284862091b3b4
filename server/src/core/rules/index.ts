/** Every rule, in the order their findings are reported for the same span. */
import { aptListsKept } from './apt-lists-kept';
import { aptNoInstallRecommends } from './apt-no-install-recommends';
import { cacheMountAvailable } from './cache-mount-available';
import { consecutiveRun } from './consecutive-run';
import { deleteInLaterLayer } from './delete-in-later-layer';
import { chmodChownInLaterLayer } from './chmod-chown-in-later-layer';
import { downloadKept } from './download-kept';
import { gitHistoryKept } from './git-history-kept';
import { buildToolsInFinalImage } from './build-tools-in-final-image';
import { copyArchiveThenExtract } from './copy-archive-then-extract';
import { copyWholeStage } from './copy-whole-stage';
import { largeBaseImage } from './large-base-image';
import { contextNotIgnored } from './context-not-ignored';
import { dockerignoreInvalid } from './dockerignore-invalid';
import { pipCacheKept } from './pip-cache-kept';
import { uvCacheKept } from './uv-cache-kept';
import { npmCacheKept } from './npm-cache-kept';
import { yarnCacheKept } from './yarn-cache-kept';
import { pnpmStoreKept } from './pnpm-store-kept';
import { dnfCacheKept } from './dnf-cache-kept';
import { yumCacheKept } from './yum-cache-kept';
import { zypperCacheKept } from './zypper-cache-kept';
import { apkNoCache } from './apk-no-cache';
import { apkBuildDepsKept } from './apk-build-deps-kept';
import { packageUpgrade } from './package-upgrade';
import { useraddLastlog } from './useradd-lastlog';
import { condaCacheKept } from './conda-cache-kept';
import { gemDocsInstalled } from './gem-docs-installed';
import { npmDevDependencies } from './npm-dev-dependencies';
import { aptUpdateAlone } from './apt-update-alone';
import { rpmRefreshAlone } from './rpm-refresh-alone';
import { goCacheKept } from './go-cache-kept';
import { mavenRepoKept } from './maven-repo-kept';
import { composerCacheKept } from './composer-cache-kept';
import { gemCacheKept } from './gem-cache-kept';
import { cudaDevelImage } from './cuda-devel-image';
import { jdkForJre } from './jdk-for-jre';
import { browserDownloadKept } from './browser-download-kept';
import { copyFromMissingStage } from './copy-from-missing-stage';
import { buildTreeKept } from './build-tree-kept';
import type { Rule } from './types';

export const ALL_RULES: Rule[] = [aptNoInstallRecommends, aptListsKept, consecutiveRun, cacheMountAvailable, deleteInLaterLayer, chmodChownInLaterLayer, downloadKept, gitHistoryKept, buildToolsInFinalImage, copyArchiveThenExtract, copyWholeStage, largeBaseImage, contextNotIgnored, dockerignoreInvalid, pipCacheKept, uvCacheKept, npmCacheKept, yarnCacheKept, pnpmStoreKept, dnfCacheKept, yumCacheKept, zypperCacheKept, apkNoCache, apkBuildDepsKept, packageUpgrade, useraddLastlog, condaCacheKept, gemDocsInstalled, npmDevDependencies, aptUpdateAlone, rpmRefreshAlone, goCacheKept, mavenRepoKept, composerCacheKept, gemCacheKept, cudaDevelImage, jdkForJre, browserDownloadKept, copyFromMissingStage, buildTreeKept];

export function ruleById(id: string): Rule | undefined {
  // The first rule of that id, as a find over ALL_RULES gave (asked once per finding by the reports).
  if (!BY_ID) {
    BY_ID = new Map();
    for (const r of ALL_RULES) if (!BY_ID.has(r.meta.id)) BY_ID.set(r.meta.id, r);
  }
  return BY_ID.get(id);
}
let BY_ID: Map<string, Rule> | undefined;
