using System.CommandLine;
using System.Text.Json;
using QirenGan.Generator.Quantum;
using QirenGan.Generator.Synthesis;
using QirenGan.Hypernet;
using QirenGan.Torch;
using QirenGan.Training.Loop;

namespace QirenGan.Cli.Commands;

/// <summary>
/// `qirengan export-circuit`: a snapshot's quantum circuits as OpenQASM 3 (encoding angles as `input float`,
/// trained angles bound) and OpenQASM 2.0, with a manifest.json saying how pixel coordinates become the inputs
/// and how the measured ⟨Z⟩ become the generator's features — what one would send to a quantum computer.
/// </summary>
public static class ExportCircuitCommand
{
    /// <summary>Version of manifest.json's layout.</summary>
    public const int ManifestFormat = 1;

    public static Command Build()
    {
        var network = new Option<string>("--network") { Description = "A network-snapshot-*.safetensors file.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Image seed whose circuits are exported when the hypernet generates them per image (ignored for shared circuits).", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "Folder for circuitNN.qasm (OpenQASM 3), circuitNN-v2.qasm (OpenQASM 2.0) and manifest.json.", Required = true };
        var command = new Command("export-circuit", "Export a snapshot's quantum circuits as OpenQASM 3 and 2.0 with a manifest.");
        foreach (var o in new Option[] { network, seed, output })
        {
            command.Options.Add(o);
        }
        command.SetAction(result =>
        {
            var path = result.GetValue(network)!;
            QirenGenerator g;
            try
            {
                g = Snapshot.LoadGenerator(path);
            }
            catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
            {
                throw new CliException(e.Message);
            }
            using (g)
            {
                if (g.Encoder is not QuantumEncoder quantum)
                {
                    throw new CliException($"export-circuit: the snapshot's INR is '{g.Options.Inr}'; only qiren has circuits");
                }
                var dir = OptionChecks.OutputFolder(result.GetValue(output)!, "--out");
                var manifest = Export(g, quantum, result.GetValue(seed), dir, path);
                File.WriteAllText(Path.Combine(dir, "manifest.json"), JsonSerializer.Serialize(manifest, new JsonSerializerOptions { WriteIndented = true }));
                Console.WriteLine($"wrote {manifest.Circuits.Count} circuits (OpenQASM 3 and 2.0) and manifest.json to {Path.GetFullPath(dir)}");
            }
            return 0;
        });
        return command;
    }

    private static Manifest Export(QirenGenerator g, QuantumEncoder quantum, int seed, string dir, string snapshot)
    {
        using var scope = DisposeScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var encoder = quantum.Quantum;
        var spec = encoder.Spec;
        var generated = quantum.Slots.Count > 0;
        Tensor? offset = null;
        if (generated)
        {
            var ws = MappingNetwork.Broadcast(g.Mapping.Forward(Latents.FromSeeds([seed], g.Options.ZDim)), g.NumWs);
            offset = g.Heads.Forward(ws)[QuantumEncoder.CircuitSlot]; // [1, C, S+1, A, 2, 3]
        }
        var theta = encoder.CircuitAngles(offset).To(ScalarType.Float64).Contiguous().ToArray<double>(); // [1, C, …]
        // The encoding is affine in p at inference (BatchNorm uses its running statistics): read it off at
        // p = (0, 0), (1, 0), (0, 1).
        var probe = Tensors.FromArray(new float[] { 0, 0, 1, 0, 0, 1 }, [3, 2]);
        var x = encoder.EncodingAngles(probe).To(ScalarType.Float64).Contiguous().ToArray<double>(); // [1, C, 3, 2]
        var perCircuit = (int)spec.ParameterCount;
        var circuits = new List<CircuitEntry>();
        for (var c = 0; c < encoder.Circuits; ++c)
        {
            var angles = theta[(c * perCircuit)..((c + 1) * perCircuit)];
            var title = $"QIREN coordinate circuit {c} of {encoder.Circuits}" + (generated ? $", image seed {seed}" : " (shared by all images)");
            var inputs = new List<InputEntry>();
            for (var q = 0; q < spec.Qubits; ++q)
            {
                double At(int point) => x[(c * 3 + point) * spec.Qubits + q];
                inputs.Add(new InputEntry($"x{q}", $"u[{2 * c + q}]", [At(1) - At(0), At(2) - At(0)], At(0)));
            }
            var v3 = $"circuit{c:D2}.qasm";
            var v2 = $"circuit{c:D2}-v2.qasm";
            File.WriteAllText(Path.Combine(dir, v3), QasmExport.ToQasm3(spec, angles, title));
            File.WriteAllText(Path.Combine(dir, v2), QasmExport.ToQasm2(spec, angles, $"qiren_c{c}", title, inputs.Select(i => i.Bias).ToArray()));
            circuits.Add(new CircuitEntry(c, v3, v2, inputs, $"feature[{c}] = <Z on q[0]> = P(c[0]=0) - P(c[0]=1)"));
        }
        return new Manifest(ManifestFormat, Path.GetFileName(snapshot), generated ? seed : null, g.Options.Resolution,
            spec.Qubits, spec.Depth, spec.Reuploads,
            "pixel (column j, row i) of an R×R image has p = (2j/R − 1, 2i/R − 1); input x_q = weights·p + bias",
            "each feature needs one computational-basis measurement; with N shots it is (#0 − #1)/N on c[0]",
            circuits);
    }

    private sealed record InputEntry(string Name, string Feature, double[] Weights, double Bias);

    private sealed record CircuitEntry(int Index, string Qasm3, string Qasm2, List<InputEntry> Inputs, string Output);

    private sealed record Manifest(int Format, string Snapshot, int? Seed, int Resolution, int Qubits, int Depth,
        int Reuploads, string Coordinates, string Measurement, List<CircuitEntry> Circuits);
}
