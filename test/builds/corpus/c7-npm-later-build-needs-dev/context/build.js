require('left-pad');
require('fs').writeFileSync('dist.txt', 'built');
