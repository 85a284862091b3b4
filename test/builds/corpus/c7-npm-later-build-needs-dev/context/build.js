require('is-number');
require('fs').writeFileSync('dist.txt', 'built');
