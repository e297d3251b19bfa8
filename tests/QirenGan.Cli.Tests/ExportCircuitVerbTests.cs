using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.RegularExpressions;
using QirenGan.Cli;
using QirenGan.Generator.Coordinates;
using QirenGan.Generator.Synthesis;
using QirenGan.Hypernet;
using QirenGan.Training.Loop;

namespace QirenGan.Cli.Tests;

/// <summary>
/// `export-circuit` read back by an independent OpenQASM reader and statevector simulator (below: complex
/// doubles, gates from the OpenQASM 3 specification's matrices), fed through the manifest's input map, against
/// the features the generator itself computes for the same image seed.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed partial class ExportCircuitVerbTests
{
    [Theory]
    [InlineData(CircuitMode.Shared)]
    [InlineData(CircuitMode.Generated)]
    public void Exported_OpenQASM_reproduces_the_generators_circuit_features(CircuitMode mode)
    {
        using var dir = Repo.TempDir();
        var snapshot = TestSnapshot.Write(dir.File("run"), mode);
        const int seed = 3;

        // Given the circuits exported for one image seed
        var (code, output, error) = CliRunner.Run(["export-circuit", "--network", snapshot, "--seed", $"{seed}", "--out", dir.File("qasm")]);
        Assert.True(code == 0, error);
        Assert.Contains("wrote 4 circuits", output);
        using var manifest = JsonDocument.Parse(File.ReadAllText(dir.File("qasm/manifest.json")));
        Assert.Equal(mode == CircuitMode.Generated, manifest.RootElement.GetProperty("Seed").ValueKind == JsonValueKind.Number);

        // And the generator's own features [1, P, C] for that seed at the training resolution
        const int r = TestSnapshot.Resolution;
        double[] expected;
        using (var scope = DisposeScope.Enter())
        using (var g = Snapshot.LoadGenerator(snapshot))
        using (var noGrad = Autograd.NoGrad())
        {
            var ws = MappingNetwork.Broadcast(g.Mapping.Forward(Latents.FromSeeds([seed], g.Options.ZDim)), g.NumWs);
            expected = g.Encoder.Forward(CoordinateGrid.Create(r, r), g.Heads.Forward(ws)).Contiguous().ToArray<float>()
                .Select(v => (double)v).ToArray();
        }
        var axis = CoordinateGrid.Axis(r);

        // When each exported circuit is simulated independently on a few pixels (both OpenQASM versions)
        var circuits = manifest.RootElement.GetProperty("Circuits").EnumerateArray().ToArray();
        Assert.Equal(4, circuits.Length);
        foreach (var circuit in circuits)
        {
            var c = circuit.GetProperty("Index").GetInt32();
            var v3 = File.ReadAllText(dir.File("qasm/" + circuit.GetProperty("Qasm3").GetString()));
            var v2 = File.ReadAllText(dir.File("qasm/" + circuit.GetProperty("Qasm2").GetString()));
            Assert.Contains("input float[64] x0;", v3);
            foreach (var pixel in new[] { 0, 17, 130, r * r - 1 })
            {
                var p = new[] { axis[pixel % r], axis[pixel / r] };
                var inputs = circuit.GetProperty("Inputs").EnumerateArray().Select(i =>
                {
                    var w = i.GetProperty("Weights").EnumerateArray().Select(e => e.GetDouble()).ToArray();
                    return w[0] * p[0] + w[1] * p[1] + i.GetProperty("Bias").GetDouble();
                }).ToArray();

                // Then ⟨Z on q[0]⟩ equals the generator's feature (float32 model: 1e-5)
                var want = expected[pixel * 4 + c];
                Close.Scalar(want, QasmReader.ExpectZ0(v3, inputs), 1e-5, $"circuit {c} pixel {pixel} (OpenQASM 3)");
                Close.Scalar(want, QasmReader.ExpectZ0(v2, inputs), 1e-5, $"circuit {c} pixel {pixel} (OpenQASM 2.0)");
            }
        }
    }

    /// <summary>
    /// A reader for the subset of OpenQASM the export uses (U/u3, rz, cx/CX; a gate body or a main program) and a
    /// dense statevector simulator, q[0] the most significant bit.
    /// </summary>
    private static partial class QasmReader
    {
        [GeneratedRegex(@"^\s*(U|u3|rz|cx|CX)\s*(?:\(([^)]*)\))?\s+([^;]+);")]
        private static partial Regex Statement();

        public static double ExpectZ0(string program, double[] inputs)
        {
            var n = inputs.Length;
            var state = new Complex[1 << n];
            state[0] = 1;
            var lines = program.Split('\n');
            // OpenQASM 2.0: simulate the gate's body (its parameters x0… bound to the inputs), not the example call
            var gateStart = Array.FindIndex(lines, l => l.StartsWith("gate ", StringComparison.Ordinal));
            if (gateStart >= 0)
            {
                var end = Array.FindIndex(lines, gateStart, l => l.StartsWith('}'));
                lines = lines[(gateStart + 2)..end];
            }
            foreach (var line in lines)
            {
                var m = Statement().Match(line);
                if (!m.Success)
                {
                    continue;
                }
                var wires = m.Groups[3].Value.Split(',').Select(w => int.Parse(Regex.Match(w, @"\d+").Value, CultureInfo.InvariantCulture)).ToArray();
                var args = m.Groups[2].Success
                    ? m.Groups[2].Value.Split(',').Select(a => Value(a.Trim(), inputs)).ToArray()
                    : [];
                switch (m.Groups[1].Value)
                {
                    case "U" or "u3":
                    {
                        double t = args[0], phi = args[1], lambda = args[2];
                        Apply(state, n, wires[0], new[,]
                        {
                            { Math.Cos(t / 2), -Complex.FromPolarCoordinates(1, lambda) * Math.Sin(t / 2) },
                            { Complex.FromPolarCoordinates(1, phi) * Math.Sin(t / 2), Complex.FromPolarCoordinates(1, phi + lambda) * Math.Cos(t / 2) },
                        });
                        break;
                    }
                    case "rz":
                        Apply(state, n, wires[0], new[,]
                        {
                            { Complex.FromPolarCoordinates(1, -args[0] / 2), 0 },
                            { 0, Complex.FromPolarCoordinates(1, args[0] / 2) },
                        });
                        break;
                    default: // cx control, target
                    {
                        var copy = (Complex[])state.Clone();
                        for (var k = 0; k < state.Length; ++k)
                        {
                            if (((k >> (n - 1 - wires[0])) & 1) == 1)
                            {
                                state[k] = copy[k ^ (1 << (n - 1 - wires[1]))];
                            }
                        }
                        break;
                    }
                }
            }
            var z = 0.0;
            for (var k = 0; k < state.Length; ++k)
            {
                z += (((k >> (n - 1)) & 1) == 0 ? 1 : -1) * state[k].Magnitude * state[k].Magnitude;
            }
            return z;
        }

        private static double Value(string text, double[] inputs) =>
            text.StartsWith('x') ? inputs[int.Parse(text[1..], CultureInfo.InvariantCulture)] : double.Parse(text, CultureInfo.InvariantCulture);

        private static void Apply(Complex[] state, int n, int wire, Complex[,] u)
        {
            var mask = 1 << (n - 1 - wire);
            for (var k = 0; k < state.Length; ++k)
            {
                if ((k & mask) == 0)
                {
                    var (a, b) = (state[k], state[k | mask]);
                    state[k] = u[0, 0] * a + u[0, 1] * b;
                    state[k | mask] = u[1, 0] * a + u[1, 1] * b;
                }
            }
        }
    }
}
