using System.Collections.Concurrent;
using QirenGan.Torch;

namespace QirenGan.Training.Data;

/// <summary>
/// Shuffled batches of an <see cref="ImageDataset"/> as float [B, 3, R, R] in [−1, 1] (x/127.5 − 1), with optional
/// seeded per-image x-flips, decoded on a background thread one batch ahead (a batch's images on all cores).
/// Corrupt images are skipped (the batch takes the next image of the order instead), so batches are always full. Order and flips come from
/// <see cref="EpochOrder"/>, so <see cref="State"/> (after the last batch returned) is all a checkpoint needs:
/// <see cref="Restore"/> continues bit for bit. The worker makes no tensors: it fills a float array that
/// <see cref="Next"/> copies into a tensor owned by the caller's current DisposeScope.
/// </summary>
public sealed class BatchLoader : IDisposable
{
    private readonly ImageDataset _dataset;
    private readonly ulong _seed;
    private readonly bool _prefetch;
    private readonly ConcurrentBag<float[]> _buffers = [];
    private readonly object _orderLock = new();
    private EpochOrder? _order;
    private long _orderEpoch = -1;
    private Task<Batch>? _pending;
    private bool _disposed;

    /// <param name="dataset">The images (not owned: the caller disposes it).</param>
    /// <param name="batchSize">Images per batch.</param>
    /// <param name="seed">Seed of the shuffle and flip streams.</param>
    /// <param name="xflip">Flip each image horizontally with probability ½ (decided per image and epoch).</param>
    /// <param name="state">Where to start (default: the beginning of epoch 0).</param>
    /// <param name="prefetch">Prepare the next batch on a background thread while the caller trains.</param>
    public BatchLoader(ImageDataset dataset, int batchSize, ulong seed, bool xflip = false, LoaderState? state = null,
        bool prefetch = true)
    {
        if (batchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), $"BatchLoader: batch size must be positive, got {batchSize}");
        }
        _dataset = dataset;
        BatchSize = batchSize;
        _seed = seed;
        XFlip = xflip;
        _prefetch = prefetch;
        State = Normalize(state ?? LoaderState.Start);
    }

    public int BatchSize { get; }

    public bool XFlip { get; }

    /// <summary>The position after the last batch <see cref="Next"/> returned (save this to resume).</summary>
    public LoaderState State { get; private set; }

    /// <summary>Dataset indices of the last batch returned, in batch order.</summary>
    public IReadOnlyList<int> LastIndices { get; private set; } = [];

    /// <summary>Which images of the last batch were flipped.</summary>
    public IReadOnlyList<bool> LastFlips { get; private set; } = [];

    /// <summary>The next batch [B, 3, R, R] float32 in [−1, 1] on <paramref name="device"/>, owned by the current scope.</summary>
    public Tensor Next(Device? device = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var batch = Take();
        State = batch.End;
        LastIndices = batch.Indices;
        LastFlips = batch.Flips;
        if (_prefetch)
        {
            var from = batch.End;
            _pending = Task.Run(() => Prepare(from));
        }
        var r = _dataset.Resolution;
        using var scope = DisposeScope.Enter();
        var tensor = Tensors.FromArray(batch.Data, [BatchSize, 3L, r, r]);
        _buffers.Add(batch.Data);
        if (device is { } d && d != Device.Cpu)
        {
            tensor = tensor.To(d);
        }
        return tensor.MoveToOuterScope();
    }

    /// <summary>Continues from <paramref name="state"/> (a prefetched batch is discarded).</summary>
    public void Restore(LoaderState state)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Drain();
        State = Normalize(state);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        Drain();
    }

    private Batch Take()
    {
        var pending = _pending;
        _pending = null;
        // A failure on the worker (a corrupt image in strict mode) is re-raised here, unwrapped.
        return pending == null ? Prepare(State) : pending.GetAwaiter().GetResult();
    }

    private void Drain()
    {
        var pending = _pending;
        _pending = null;
        if (pending == null)
        {
            return;
        }
        try
        {
            _buffers.Add(pending.GetAwaiter().GetResult().Data);
        }
        catch (Exception)
        {
            // A discarded prefetch's failure will recur (and be reported) if that batch is drawn again.
        }
    }

    private LoaderState Normalize(LoaderState state)
    {
        if (state.Epoch < 0 || state.Position < 0 || state.Position > _dataset.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(state),
                $"BatchLoader: state {state} is outside a dataset of {_dataset.Count} images ({_dataset.Path})");
        }
        return state.Position == _dataset.Count ? new LoaderState(state.Epoch + 1, 0) : state;
    }

    private EpochOrder Order(long epoch)
    {
        lock (_orderLock)
        {
            if (_orderEpoch != epoch)
            {
                _order = EpochOrder.Create(_seed, epoch, _dataset.Count);
                _orderEpoch = epoch;
            }
            return _order!;
        }
    }

    private Batch Prepare(LoaderState from)
    {
        var r = _dataset.Resolution;
        var plane = r * r;
        var data = _buffers.TryTake(out var reused) ? reused : new float[BatchSize * 3 * plane];
        var indices = new int[BatchSize];
        var flips = new bool[BatchSize];
        var predecoded = Predecode(from);
        var (epoch, position) = (from.Epoch, from.Position);
        var unreadableInARow = 0;
        for (var b = 0; b < BatchSize;)
        {
            if (position == _dataset.Count)
            {
                (epoch, position) = (epoch + 1, 0);
            }
            var order = Order(epoch);
            var index = order.Indices[position];
            var flip = XFlip && order.Flips[position];
            ++position;
            var pixels = predecoded.TryGetValue(index, out var ready) ? ready : _dataset.TryLoadPixels(index, _dataset.Strict);
            if (pixels == null)
            {
                if (++unreadableInARow > _dataset.Count)
                {
                    throw new InvalidDataException($"{_dataset.Path}: none of the {_dataset.Count} images is readable");
                }
                continue;
            }
            unreadableInARow = 0;
            indices[b] = index;
            flips[b] = flip;
            var offset = b * 3 * plane;
            for (var y = 0; y < r; ++y)
            {
                for (var x = 0; x < r; ++x)
                {
                    var source = (y * r + (flip ? r - 1 - x : x)) * 3;
                    var target = offset + y * r + x;
                    data[target] = pixels[source] / 127.5f - 1;
                    data[target + plane] = pixels[source + 1] / 127.5f - 1;
                    data[target + 2 * plane] = pixels[source + 2] / 127.5f - 1;
                }
            }
            ++b;
        }
        return new Batch(data, Normalize(new LoaderState(epoch, position)), indices, flips);
    }

    /// <summary>
    /// The prepared pixels of the images a batch from <paramref name="from"/> takes when none is corrupt, decoded on
    /// all cores: at small resolutions decoding is most of a batch's cost. Only successes are kept; a corrupt or
    /// unreadable image is left to the ordered loop of <see cref="Prepare"/>, which meets it again and skips it or
    /// raises exactly as without this step, so batches, warnings and counts do not depend on it.
    /// </summary>
    private Dictionary<int, byte[]> Predecode(LoaderState from)
    {
        var indices = new List<int>(BatchSize);
        var (epoch, position) = (from.Epoch, from.Position);
        for (var b = 0; b < BatchSize && b < _dataset.Count; ++b, ++position)
        {
            if (position == _dataset.Count)
            {
                (epoch, position) = (epoch + 1, 0);
            }
            indices.Add(Order(epoch).Indices[position]);
        }
        var ready = new ConcurrentDictionary<int, byte[]>();
        Parallel.ForEach(indices.Distinct(), index =>
        {
            try
            {
                ready[index] = _dataset.TryLoadPixels(index, throwOnCorrupt: true)!;
            }
            catch (Exception)
            {
                // Left to the ordered loop (see above), which reports it in order.
            }
        });
        return new Dictionary<int, byte[]>(ready);
    }

    private sealed record Batch(float[] Data, LoaderState End, int[] Indices, bool[] Flips);
}
