// COBS echo peer on a serial port, with npm's `cobs` (0.2.1, MIT): every 0x00-delimited frame read from
// PORT is decoded with cobs.decode, re-encoded with cobs.encode and written back with a 0x00 delimiter.
// Prints READY when it listens, then "frame N bytes" for each frame.
// usage: NODE_PATH=<dir with node_modules/cobs> node cobs_echo.js PORT
'use strict';
const fs = require('fs');
const { execFileSync } = require('child_process');
const cobs = require('cobs');

const port = process.argv[2];
execFileSync('stty', ['-F', port, 'raw', '-echo']);
const fd = fs.openSync(port, fs.constants.O_RDWR | fs.constants.O_NOCTTY);
const input = fs.createReadStream(null, { fd, highWaterMark: 4096 });
let pending = Buffer.alloc(0);
input.on('data', (chunk) => {
  pending = Buffer.concat([pending, chunk]);
  let zero;
  while ((zero = pending.indexOf(0)) >= 0) {
    const frame = pending.subarray(0, zero);
    pending = pending.subarray(zero + 1);
    if (frame.length === 0) {
      continue;
    }
    const data = cobs.decode(frame);
    console.log('frame ' + data.length + ' bytes');
    fs.writeSync(fd, Buffer.concat([cobs.encode(data), Buffer.from([0])]));
  }
});
console.log('READY');
