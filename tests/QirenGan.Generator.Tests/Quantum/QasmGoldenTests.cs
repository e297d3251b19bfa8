using System.Text.Json;
using QirenGan.Generator.Quantum;

namespace QirenGan.Generator.Tests.Quantum;

/// <summary>
/// Our simulators against an independent one: the OpenQASM 2.0 files in Golden/ are <see cref="QasmExport"/>'s
/// output for fixed circuits, and Golden/golden.json holds ⟨Z⟩ of every wire at a set of input angles as the npm
/// package quantum-circuit (MIT; its own OpenQASM 2.0 parser and simulator) computed them from those files
/// (`scripts/qasm-golden/run.sh`, which needs node; these tests do not).
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class QasmGoldenTests
{
    /// <summary>Rewrite the .qasm files instead of comparing (after a deliberate change of the export), then rerun scripts/qasm-golden/run.sh.</summary>
    private const string RegenerateVariable = "QIRENGAN_WRITE_GOLDEN_QASM";

    private static string GoldenDir => Path.Combine(Repo.Root, "tests", "QirenGan.Generator.Tests", "Quantum", "Golden");

    /// <summary>The fixed circuits: the GAN's (2 qubits, A = 2, S = 2) and a 3-qubit chain that shows the wire order.</summary>
    public static TheoryData<string> Circuits => new() { "gan-2q", "chain-3q" };

    private static CircuitSpec Spec(string name) => name switch
    {
        "gan-2q" => new CircuitSpec(2, 2, 2, Observable.ZOnEveryWire),
        "chain-3q" => new CircuitSpec(3, 2, 2, Observable.ZOnEveryWire),
        _ => throw new ArgumentException(name),
    };

    /// <summary>Angles spread over [−π, π) by a golden-ratio sequence: no special values that could hide a convention.</summary>
    private static double[] Angles(CircuitSpec spec, double offset) =>
        Enumerable.Range(0, (int)spec.ParameterCount)
            .Select(k => 2 * Math.PI * (((k + 1) * 0.6180339887498949 + offset) % 1.0) - Math.PI).ToArray();

    private static double[] Theta(string name) => Angles(Spec(name), name == "gan-2q" ? 0.1 : 0.37);

    private static string Export(string name) =>
        QasmExport.ToQasm2(Spec(name), Theta(name), "qiren_golden", $"golden circuit {name} (QasmGoldenTests)",
            new double[Spec(name).Qubits]);

    [Theory]
    [MemberData(nameof(Circuits))]
    public void Golden_files_are_what_the_export_writes(string name)
    {
        var path = Path.Combine(GoldenDir, name + ".qasm");
        if (Environment.GetEnvironmentVariable(RegenerateVariable) == "1")
        {
            File.WriteAllText(path, Export(name));
        }
        Assert.True(File.Exists(path), $"{path} is missing: run the tests with {RegenerateVariable}=1, then scripts/qasm-golden/run.sh");
        Assert.True(Export(name) == File.ReadAllText(path),
            $"{path} is not what QasmExport writes now: if the change is deliberate, run the tests with {RegenerateVariable}=1, then scripts/qasm-golden/run.sh");
    }

    [Theory]
    [MemberData(nameof(Circuits))]
    public void Every_simulator_matches_quantum_circuit_on_the_golden_inputs(string name)
    {
        using var scope = DisposeScope.Enter();
        // Given the independent simulator's ⟨Z_q⟩ for the exported circuit at each input
        using var golden = JsonDocument.Parse(File.ReadAllText(Path.Combine(GoldenDir, "golden.json")));
        var entry = golden.RootElement.GetProperty("circuits").GetProperty(name);
        Assert.Equal(name + ".qasm", entry.GetProperty("file").GetString());
        var inputs = entry.GetProperty("inputs").EnumerateArray().Select(Row).ToArray();
        var expected = entry.GetProperty("z").EnumerateArray().SelectMany(Row).ToArray();
        var spec = Spec(name);
        Assert.True(inputs.Length >= 8 && inputs.All(i => i.Length == spec.Qubits), $"{name}: golden inputs must be rows of {spec.Qubits} angles");
        Assert.Equal(inputs.Length * spec.Qubits, expected.Length);

        // When our simulators run the same circuit (float64) on the same inputs
        var theta = Tensors.FromArray(Theta(name), spec.ParameterShape);
        var x = Tensors.FromArray(inputs.SelectMany(i => i).ToArray(), [inputs.Length, spec.Qubits]);
        foreach (var strategy in new[] { SimulationStrategy.Folded, SimulationStrategy.GateByGate, SimulationStrategy.Spectral })
        {
            var ours = QuantumCircuit.Evaluate(spec with { Strategy = strategy }, theta, x).Contiguous().ToArray<double>();
            // Then ⟨Z⟩ agrees to 1e-6 (quantum-circuit works in float64 too, but rounds amplitudes to 14 digits)
            Close.All(expected, ours, 1e-6, 0, $"{name}, {strategy} vs quantum-circuit");
        }
        var noiseless = DensityMatrixSimulator.Evaluate(spec, theta, x, NoiseModel.None).Contiguous().ToArray<double>();
        Close.All(expected, noiseless, 1e-6, 0, $"{name}, density matrix without noise vs quantum-circuit");
    }

    private static double[] Row(JsonElement row) => row.EnumerateArray().Select(v => v.GetDouble()).ToArray();
}
