using QirenGan.Torch;

namespace QirenGan.Generator.Quantum;

/// <summary>
/// The random stream the shot sampler draws from while one <see cref="QuantumExecution"/> is set on a module: made
/// when the execution is set (seeded with its <see cref="QuantumExecution.Seed"/>) and owned by the module that runs the
/// circuits, so consecutive batches draw consecutive samples and the same command with the same seed repeats its
/// images. Kept out of the execution so that an execution is a plain value: <c>with</c> copies share no state.
/// </summary>
public sealed class ShotStream : IDisposable
{
    // one per device, made on first use there (a generator draws on its own device only)
    private readonly Dictionary<Device, RandomGenerator> _generators = [];
    private bool _disposed;

    /// <param name="seed">Seed of every device's generator.</param>
    public ShotStream(ulong seed) => Seed = seed;

    /// <summary>Seed of every device's generator.</summary>
    public ulong Seed { get; }

    /// <summary>The stream's generator on <paramref name="device"/>, continuing where the last draw there stopped.</summary>
    public RandomGenerator On(Device device)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_generators.TryGetValue(device, out var generator))
        {
            generator = new RandomGenerator(Seed, device);
            _generators[device] = generator;
        }
        return generator;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var generator in _generators.Values)
        {
            generator.Dispose();
        }
        _generators.Clear();
        _disposed = true;
    }
}
