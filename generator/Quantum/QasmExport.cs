using System.Globalization;
using System.Text;

namespace QirenGan.Generator.Quantum;

/// <summary>
/// One QIREN circuit (<see cref="Ansatz.U3CnotChain"/>, DESIGN.md §4) as OpenQASM text for a quantum computer:
/// OpenQASM 3 with the encoding angles as `input float` parameters (x0 … x{n−1}, the RZ angles of wire q) and the
/// trained angles bound, and OpenQASM 2.0 with a parameterised `gate` definition (qelib1.inc). Wire q is q[q];
/// `U(θ, φ, λ)` is the spec's U3 (OpenQASM 3's U has exactly that matrix; OpenQASM 2's differs by a global phase,
/// which no measurement sees). ⟨Z_q⟩ = P(c[q] = 0) − P(c[q] = 1).
/// The 2.0 file uses qelib1.inc's `u3` and `cx` rather than the built-in `U` and `CX`: the same gates, but the
/// spelling every 2.0 tool reads — the npm simulator quantum-circuit (0.9.250), which the golden test checks
/// against, silently drops the built-ins.
/// </summary>
public static class QasmExport
{
    /// <summary>OpenQASM 3 of the circuit with angles θ [S+1, A, n, 3] (row-major, as <see cref="CircuitSpec.ParameterShape"/>).</summary>
    public static string ToQasm3(CircuitSpec spec, double[] theta, string title)
    {
        Check(spec, theta);
        var text = new StringBuilder();
        text.Append("OPENQASM 3.0;\ninclude \"stdgates.inc\";\n");
        text.Append($"// {title}\n// {spec}: psi(x) = V_S E(x) ... V_1 E(x) V_0 |0...0>, E(x) = rz(x0) (x) ... (x) rz(x{spec.Qubits - 1})\n");
        for (var q = 0; q < spec.Qubits; ++q)
        {
            text.Append($"input float[64] x{q};\n");
        }
        text.Append($"qubit[{spec.Qubits}] q;\nbit[{spec.Qubits}] c;\n");
        AppendBody(text, spec, theta, q => $"q[{q}]", q => $"x{q}", "U", "cx");
        text.Append("c = measure q;\n");
        return text.ToString();
    }

    /// <summary>OpenQASM 2.0: a `gate NAME(x0, …) q0, …` definition of the circuit, applied once with example inputs.</summary>
    public static string ToQasm2(CircuitSpec spec, double[] theta, string gateName, string title, double[] exampleInputs)
    {
        Check(spec, theta);
        var text = new StringBuilder();
        text.Append("OPENQASM 2.0;\ninclude \"qelib1.inc\";\n");
        text.Append($"// {title}\n// {spec}; the gate's parameters are the encoding angles of the wires\n");
        var parameters = string.Join(",", Enumerable.Range(0, spec.Qubits).Select(q => $"x{q}"));
        var wires = string.Join(",", Enumerable.Range(0, spec.Qubits).Select(q => $"w{q}"));
        text.Append($"gate {gateName}({parameters}) {wires}\n{{\n");
        AppendBody(text, spec, theta, q => $"w{q}", q => $"x{q}", "u3", "cx", indent: "  ");
        text.Append("}\n");
        text.Append($"qreg q[{spec.Qubits}];\ncreg c[{spec.Qubits}];\n");
        var args = string.Join(",", exampleInputs.Select(Number));
        text.Append($"{gateName}({args}) {string.Join(",", Enumerable.Range(0, spec.Qubits).Select(q => $"q[{q}]"))};\n");
        text.Append("measure q -> c;\n");
        return text.ToString();
    }

    private static void AppendBody(StringBuilder text, CircuitSpec spec, double[] theta, Func<int, string> wire,
        Func<int, string> input, string u3, string cnot, string indent = "")
    {
        int n = spec.Qubits, depth = spec.Depth;
        for (var i = 0; i <= spec.Reuploads; ++i)
        {
            if (i > 0)
            {
                for (var q = 0; q < n; ++q)
                {
                    text.Append($"{indent}rz({input(q)}) {wire(q)};\n");
                }
            }
            for (var a = 0; a < depth; ++a)
            {
                for (var q = 0; q < n; ++q)
                {
                    var at = ((i * depth + a) * n + q) * CircuitSpec.AnglesPerGate;
                    text.Append($"{indent}{u3}({Number(theta[at])}, {Number(theta[at + 1])}, {Number(theta[at + 2])}) {wire(q)};\n");
                }
                for (var q = 0; q + 1 < n; ++q)
                {
                    text.Append($"{indent}{cnot} {wire(q)}, {wire(q + 1)};\n");
                }
            }
        }
    }

    // Round-trip precision: the exported circuit is the simulated one to the last bit of a double.
    private static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static void Check(CircuitSpec spec, double[] theta)
    {
        spec.Validate();
        if (spec.Ansatz != Ansatz.U3CnotChain)
        {
            throw new ArgumentException($"QasmExport: only the U3 + CNOT-chain ansatz is exported, got {spec.Ansatz}");
        }
        if (theta.Length != spec.ParameterCount)
        {
            throw new ArgumentException($"QasmExport: θ must hold {spec.ParameterCount} angles ([{string.Join(", ", spec.ParameterShape)}]), got {theta.Length}");
        }
    }
}
