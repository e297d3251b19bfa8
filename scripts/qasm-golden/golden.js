#!/usr/bin/env node
// Golden <Z> values of QirenGan's exported OpenQASM 2.0 circuits, computed by an independent simulator: the npm
// package quantum-circuit (MIT), which parses the file and simulates it with its own state vector.
// For every Golden/NAME.qasm (a `gate qiren_golden(x0, …)` definition applied once): the file is imported as it
// is (it must parse without errors), then for each input row the gate's call is given those angles, the final
// `measure` is left out (quantum-circuit's run() would sample it and collapse the state; we want the exact
// distribution), and <Z_q> = 1 − 2·P(q[q] = 1) is recorded for every wire. Writes Golden/golden.json.
// Usage: node golden.js GOLDEN_DIR   (scripts/qasm-golden/run.sh installs the locked package first)
"use strict";
const fs = require("fs");
const path = require("path");
const QuantumCircuit = require("quantum-circuit");

const dir = process.argv[2];
if (!dir || !fs.existsSync(dir)) {
  console.error(`golden.js: give the Golden folder (got '${dir}')`);
  process.exit(2);
}

// Input angles: zeros, small, beyond ±π and beyond ±2π, so periodicity and sign conventions both show.
function inputs(qubits) {
  const rows = [new Array(qubits).fill(0)];
  const values = [0.5, -1.2, Math.PI, -2.7, 3.9, 1.1, 6.0, -5.5, 0.3, 2.2, -0.8];
  for (let r = 0; r < 11; ++r) {
    rows.push(Array.from({ length: qubits }, (_, q) => values[(r + 3 * q) % values.length] * (q % 2 === 0 ? 1 : 0.7)));
  }
  return rows;
}

function load(text) {
  const circuit = new QuantumCircuit();
  let failed = null;
  circuit.importQASM(text, (errors) => { if (errors.length) failed = errors; });
  if (failed) {
    throw new Error("quantum-circuit cannot import it: " + JSON.stringify(failed));
  }
  return circuit;
}

const call = /^(qiren_golden)\(([^)]*)\)(.*)$/m;
const result = { generator: `quantum-circuit ${require("quantum-circuit/package.json").version} (npm), node ${process.version}`, circuits: {} };
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".qasm")).sort()) {
  const text = fs.readFileSync(path.join(dir, file), "utf8");
  const asExported = load(text);
  const qubits = asExported.numQubits;
  if (!call.test(text)) {
    throw new Error(`${file}: no 'qiren_golden(...) q[0],...;' call`);
  }
  const rows = inputs(qubits);
  const z = rows.map((row) => {
    const program = text
      .replace(call, (_, name, __, rest) => `${name}(${row.map((v) => v.toPrecision(17)).join(",")})${rest}`)
      .replace(/^measure .*$/m, "");
    const circuit = load(program);
    circuit.run();
    const p1 = circuit.probabilities(); // P(bit of wire q = 1), q[0] first
    if (p1.length !== qubits) {
      throw new Error(`${file}: quantum-circuit simulated ${p1.length} wires, the file has ${qubits}`);
    }
    return p1.map((p) => 1 - 2 * p);
  });
  result.circuits[path.basename(file, ".qasm")] = { file, inputs: rows, z };
  console.log(`${file}: ${qubits} qubits, ${rows.length} inputs`);
}
// one line per input row, so a diff shows which values moved
const json = JSON.stringify(result, null, 1).replace(/\[\s+(-?[\d.e+-]+(?:,\s+-?[\d.e+-]+)*)\s+\]/g,
  (_, body) => "[" + body.split(/,\s+/).join(", ") + "]");
fs.writeFileSync(path.join(dir, "golden.json"), json + "\n");
console.log(`wrote ${path.join(dir, "golden.json")}`);
