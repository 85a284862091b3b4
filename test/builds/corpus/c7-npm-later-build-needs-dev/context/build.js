require('isarray');
require('fs').writeFileSync('dist.txt', 'built');
