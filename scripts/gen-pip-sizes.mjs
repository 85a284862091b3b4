#!/usr/bin/env node
// Builds server/data/pip-packages.json: installed sizes of the most used Python packages, from two sources
// that can be read without PyPI:
//  1. measured: real PyPI wheel installs in a local site-packages (default: the pyenv Python 3.11 on the dev
//     machine). Installed bytes = the files each distribution's RECORD lists (incl. .pyc pip compiled), and an
//     estimated wheel size = those files (minus __pycache__) re-zipped with deflate, as wheels are.
//  2. Debian bookworm's python3-<name> packages: Installed-Size (KiB) from the apt lists (scripts/debian-index.mjs) of the package and its
//     split-off parts (-lib, -data). Debian builds differ from wheels (numpy/scipy link system BLAS instead of
//     bundling OpenBLAS; torch is a CPU-only build), so compiled packages get confidence 'low'.
// Measured entries win; Debian figures stay alongside for reference. Nothing is filled in from elsewhere:
// a package neither source has (tensorflow, polars, pyarrow, transformers) is left out.
//
// Usage: node scripts/gen-pip-sizes.mjs [--site-packages DIR] [--out server/data/pip-packages.json]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDebianIndex } from './debian-index.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? path.resolve(args[args.indexOf(name) + 1]) : fallback);
const outFile = arg('--out', path.join(repoRoot, 'server/data/pip-packages.json'));
const sitePackages = arg('--site-packages', '/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages');

// pip name → Debian packages that make up the same code. kind: 'pure' (Python only: Debian ≈ wheel),
// 'compiled' (C extensions: close), 'bundled' (the wheel bundles native libraries Debian takes from other packages).
const PACKAGES = [
  ['numpy', ['python3-numpy'], 'bundled', 'PyPI wheels bundle OpenBLAS (numpy.libs); Debian links the system BLAS'],
  ['pandas', ['python3-pandas', 'python3-pandas-lib'], 'compiled'],
  ['scipy', ['python3-scipy'], 'bundled', 'PyPI wheels bundle OpenBLAS and gfortran (scipy.libs)'],
  ['requests', ['python3-requests'], 'pure'],
  ['flask', ['python3-flask'], 'pure'],
  ['django', ['python3-django'], 'pure'],
  ['fastapi', ['python3-fastapi'], 'pure'],
  ['uvicorn', ['python3-uvicorn'], 'pure'],
  ['starlette', ['python3-starlette'], 'pure'],
  ['torch', ['python3-torch', 'libtorch1.13'], 'bundled', "Debian's is a CPU-only build; PyPI's default Linux x86_64 torch wheel pulls CUDA libraries (nvidia-* wheels), several GB"],
  ['scikit-learn', ['python3-sklearn', 'python3-sklearn-lib'], 'compiled'],
  ['matplotlib', ['python3-matplotlib', 'python-matplotlib-data'], 'compiled'],
  ['pillow', ['python3-pil'], 'bundled', 'PyPI wheels bundle libjpeg, libpng, libtiff, libwebp, freetype (pillow.libs)'],
  ['boto3', ['python3-boto3'], 'pure'],
  ['botocore', ['python3-botocore'], 'pure'],
  ['sqlalchemy', ['python3-sqlalchemy', 'python3-sqlalchemy-ext'], 'compiled'],
  ['psycopg2-binary', ['python3-psycopg2'], 'bundled', 'psycopg2-binary bundles libpq and OpenSSL; Debian links libpq5'],
  ['psycopg2', ['python3-psycopg2'], 'compiled'],
  ['pydantic', ['python3-pydantic'], 'compiled', 'pydantic 2 on PyPI needs pydantic-core (Rust); Debian bookworm ships pydantic 1'],
  ['gunicorn', ['python3-gunicorn'], 'pure'],
  ['celery', ['python3-celery'], 'pure'],
  ['redis', ['python3-redis'], 'pure'],
  ['opencv-python', ['python3-opencv'], 'bundled', 'opencv-python wheels bundle OpenCV, FFmpeg and Qt; Debian python3-opencv links separate libopencv-* packages'],
  ['lxml', ['python3-lxml'], 'bundled', 'lxml wheels bundle libxml2/libxslt'],
  ['beautifulsoup4', ['python3-bs4'], 'pure'],
  ['httpx', ['python3-httpx'], 'pure'],
  ['aiohttp', ['python3-aiohttp'], 'compiled'],
  ['psutil', ['python3-psutil'], 'compiled'],
  ['tqdm', ['python3-tqdm'], 'pure'],
  ['pytz', ['python3-tz'], 'pure', 'Debian python3-tz uses the system tzdata; the wheel bundles the zoneinfo files'],
  ['seaborn', ['python3-seaborn'], 'pure'],
  ['plotly', ['python3-plotly'], 'pure'],
  ['openpyxl', ['python3-openpyxl'], 'pure'],
  ['pymysql', ['python3-pymysql'], 'pure'],
  ['mysqlclient', ['python3-mysqldb'], 'compiled'],
  ['pymongo', ['python3-pymongo'], 'compiled'],
  ['paramiko', ['python3-paramiko'], 'pure'],
  ['selenium', ['python3-selenium'], 'pure'],
  ['grpcio', ['python3-grpcio'], 'bundled', 'grpcio wheels bundle gRPC core and BoringSSL'],
  ['protobuf', ['python3-protobuf'], 'compiled'],
  ['pyjwt', ['python3-jwt'], 'pure'],
  ['bcrypt', ['python3-bcrypt'], 'compiled'],
  ['asyncpg', ['python3-asyncpg'], 'compiled'],
  ['statsmodels', ['python3-statsmodels', 'python3-statsmodels-lib'], 'compiled'],
  ['nltk', ['python3-nltk'], 'pure'],
  ['tornado', ['python3-tornado'], 'compiled'],
  ['websockets', ['python3-websockets'], 'compiled'],
  ['anyio', ['python3-anyio'], 'pure'],
  ['pyyaml', ['python3-yaml'], 'compiled'],
  ['jinja2', ['python3-jinja2'], 'pure'],
  ['click', ['python3-click'], 'pure'],
  ['urllib3', ['python3-urllib3'], 'pure'],
  ['certifi', ['python3-certifi'], 'pure'],
  ['idna', ['python3-idna'], 'pure'],
  ['charset-normalizer', ['python3-charset-normalizer'], 'pure'],
  ['python-dateutil', ['python3-dateutil'], 'pure'],
  ['six', ['python3-six'], 'pure'],
  ['attrs', ['python3-attr'], 'pure'],
  ['packaging', ['python3-packaging'], 'pure'],
  ['setuptools', ['python3-setuptools'], 'pure'],
  ['pip', ['python3-pip'], 'pure'],
  ['pytest', ['python3-pytest'], 'pure'],
  ['cryptography', ['python3-cryptography'], 'bundled', 'cryptography wheels bundle OpenSSL in the Rust extension; Debian links libssl3'],
  ['werkzeug', ['python3-werkzeug'], 'pure'],
  ['alembic', ['python3-alembic'], 'pure'],
  ['marshmallow', ['python3-marshmallow'], 'pure'],
  ['xgboost', ['python3-xgboost'], 'bundled'],
  ['greenlet', ['python3-greenlet'], 'compiled'],
  ['msgpack', ['python3-msgpack'], 'compiled'],
  ['markupsafe', ['python3-markupsafe'], 'compiled'],
  ['pygments', ['python3-pygments'], 'pure'],
  ['python-dotenv', ['python3-dotenv'], 'pure'],
  ['docutils', ['python3-docutils'], 'pure'],
  ['jsonschema', ['python3-jsonschema'], 'pure'],
  ['cffi', ['python3-cffi', 'python3-cffi-backend'], 'compiled'],
  ['sympy', ['python3-sympy'], 'pure'],
  ['networkx', ['python3-networkx'], 'pure'],
  ['h5py', ['python3-h5py', 'python3-h5py-serial'], 'bundled', 'h5py wheels bundle libhdf5'],
  ['kafka-python', ['python3-kafka'], 'pure'],
  ['pika', ['python3-pika'], 'pure'],
  ['gevent', ['python3-gevent'], 'compiled'],
  ['kombu', ['python3-kombu'], 'pure'],
  ['s3transfer', ['python3-s3transfer'], 'pure'],
  ['jmespath', ['python3-jmespath'], 'pure'],
  ['rich', ['python3-rich'], 'pure'],
  ['typer', ['python3-typer'], 'pure'],
  ['numba', ['python3-numba'], 'compiled'],
  ['llvmlite', ['python3-llvmlite'], 'bundled', 'llvmlite wheels bundle LLVM statically'],
  ['shapely', ['python3-shapely'], 'bundled', 'shapely wheels bundle GEOS'],
  ['simplejson', ['python3-simplejson'], 'compiled'],
  ['ujson', ['python3-ujson'], 'compiled'],
  ['regex', ['python3-regex'], 'compiled'],
  ['typing-extensions', ['python3-typing-extensions'], 'pure'],
  ['pyasn1', ['python3-pyasn1'], 'pure'],
  ['rsa', ['python3-rsa'], 'pure'],
  ['pyopenssl', ['python3-openssl'], 'pure'],
  ['awscli', ['awscli'], 'pure'],
];
// Measured locally only (no Debian package of the same code in bookworm).
const LOCAL_ONLY = ['pydantic-core', 'orjson', 'moto', 'ipython', 'pytest-benchmark', 'hypothesis', 'trio', 'wrapt', 'cfn-lint'];

const normalize = (name) => name.toLowerCase().replace(/[-_.]+/g, '-');

let debianIndex;
function aptShow(pkg) {
  debianIndex ??= readDebianIndex();
  return debianIndex.get(pkg);
}

// Python helper: per distribution in site-packages, sum RECORD files, re-zip non-pyc files, read Requires-Dist.
const MEASURE_PY = String.raw`
import sys, os, csv, io, zipfile, json, re
from email.parser import Parser
site = sys.argv[1]
wanted = set(sys.argv[2:])
norm = lambda n: re.sub(r'[-_.]+', '-', n).lower()
out = {}
for entry in sorted(os.listdir(site)):
    if not entry.endswith('.dist-info'):
        continue
    meta_path = os.path.join(site, entry, 'METADATA')
    if not os.path.exists(meta_path):
        continue
    meta = Parser().parsestr(open(meta_path, encoding='utf-8', errors='replace').read(), headersonly=True)
    name = norm(meta['Name'])
    if name not in wanted:
        continue
    installed = 0
    files = 0
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for row in csv.reader(open(os.path.join(site, entry, 'RECORD'), encoding='utf-8')):
            if not row:
                continue
            full = os.path.normpath(os.path.join(site, row[0]))
            if not os.path.isfile(full):
                continue
            installed += os.path.getsize(full)
            files += 1
            if '__pycache__' not in row[0]:
                zf.write(full, row[0])
    requires = []
    for req in meta.get_all('Requires-Dist') or []:
        if 'extra ==' in req:
            continue
        requires.append(norm(re.split(r'[\s;<>=!~\[(]', req.strip(), 1)[0]))
    out[name] = {'version': meta['Version'], 'installedBytes': installed, 'files': files, 'rezippedBytes': len(buf.getvalue()), 'requires': sorted(set(requires))}
json.dump(out, sys.stdout)
`;

function measureLocal(wanted) {
  if (!existsSync(sitePackages)) return undefined;
  const python = path.resolve(sitePackages, '../../../bin/python3');
  const interpreter = existsSync(python) ? python : 'python3';
  const output = execFileSync(interpreter, ['-c', MEASURE_PY, sitePackages, ...wanted], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const version = execFileSync(interpreter, ['-c', 'import platform;print(platform.python_version())'], { encoding: 'utf8' }).trim();
  return { pythonVersion: version, packages: JSON.parse(output) };
}

const date = new Date().toISOString().slice(0, 10);
const wantedNames = [...PACKAGES.map(([name]) => normalize(name)), ...LOCAL_ONLY.map(normalize)];
const local = measureLocal(wantedNames);
const previous = existsSync(outFile) ? JSON.parse(readFileSync(outFile, 'utf8')).packages ?? {} : {};
const debianRelease = execFileSync('sh', ['-c', '. /etc/os-release && echo "$VERSION_CODENAME"'], { encoding: 'utf8' }).trim();

const packages = {};
const missing = [];
for (const [rawName, debs, kind, note] of [...PACKAGES, ...LOCAL_ONLY.map((n) => [n, [], 'measured'])]) {
  const name = normalize(rawName);
  const entry = {};
  let debian;
  if (debs.length) {
    const parts = debs.map((d) => [d, aptShow(d)]);
    if (parts[0][1]) {
      const found = parts.filter(([, info]) => info);
      debian = {
        bytes: found.reduce((sum, [, info]) => sum + info.installedKiB * 1024, 0),
        debBytes: found.reduce((sum, [, info]) => sum + info.debBytes, 0),
        source: `debian ${debianRelease} ${found.map(([d, info]) => `${d} ${info.version}`).join(' + ')} Installed-Size (apt lists, ${date})`,
      };
    }
  }
  const measured = local?.packages[name];
  if (measured) {
    Object.assign(entry, {
      bytes: measured.installedBytes,
      wheelBytes: measured.rezippedBytes,
      wheelBytesEstimated: true,
      version: measured.version,
      files: measured.files,
      confidence: 'high',
      source: `PyPI wheel ${name} ${measured.version} installed by pip on Python ${local.pythonVersion} linux/x86_64 (host ${hostname()}), files in RECORD summed incl. .pyc, ${date}; wheelBytes = those files re-zipped (deflate 6)`,
      requires: measured.requires,
    });
  } else if (previous[name]?.confidence === 'high') {
    // Keep an earlier local measurement when this machine lacks the site-packages.
    Object.assign(entry, previous[name]);
  } else if (debian) {
    Object.assign(entry, {
      bytes: debian.bytes,
      version: debian.source.split(' ')[3],
      confidence: kind === 'pure' ? 'medium' : 'low',
      source: debian.source,
    });
  } else {
    missing.push(name);
    continue;
  }
  if (debian && entry.source !== debian.source) entry.debian = { bytes: debian.bytes, source: debian.source };
  if (debian) entry.debBytes = debian.debBytes;
  entry.kind = kind;
  if (note) entry.note = note;
  packages[name] = entry;
}

const out = {
  source:
    'scripts/gen-pip-sizes.mjs: measured PyPI wheel installs in a local site-packages where present (confidence high), ' +
    `else Debian ${debianRelease} python3-* Installed-Size (medium for pure-Python packages, low for compiled ones whose wheels bundle native libraries). PyPI itself was not reachable.`,
  date,
  fields: {
    bytes: 'installed bytes of the package alone (not its dependencies; see requires)',
    wheelBytes: 'estimated download size: the installed files (no .pyc) re-zipped with deflate level 6; only for measured packages',
    debBytes: 'size of the Debian .deb(s) (xz-compressed), for reference: not a wheel size',
    requires: 'Requires-Dist without extras (measured packages only)',
    kind: "pure | compiled | bundled (wheel bundles native libraries that Debian takes from other packages) | measured",
  },
  missing,
  packages: Object.fromEntries(Object.entries(packages).sort(([a], [b]) => a.localeCompare(b))),
};
writeFileSync(outFile, JSON.stringify(out, null, 1) + '\n');
console.error(`wrote ${outFile}: ${Object.keys(packages).length} packages (${Object.values(packages).filter((p) => p.confidence === 'high').length} measured), missing: ${missing.join(', ') || 'none'}`);
