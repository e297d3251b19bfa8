using System.Runtime.InteropServices;
using QirenGan.Torch.Native;

namespace QirenGan.Torch.Distributed;

/// <summary>
/// One rank's membership in a torch.distributed (c10d) process group: a TCPStore rendezvous (rank 0 serves it)
/// and a ProcessGroupGloo, or ProcessGroupNCCL for CUDA when the native build has it. Collectives work in place
/// and block until every rank has taken part; each is bounded by a timeout, and a peer that died or stopped
/// responding surfaces as a <see cref="TorchException"/> naming this rank rather than a hang.
/// Matches torch.distributed.init_process_group(init_method="tcp://host:port") + all_reduce/broadcast/barrier.
/// </summary>
public sealed unsafe class ProcessGroup : SafeHandle
{
    private ProcessGroup(IntPtr handle, int rank, int worldSize, TimeSpan timeout, Backend backend, Device device)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(handle);
        Rank = rank;
        WorldSize = worldSize;
        Timeout = timeout;
        Backend = backend;
        Device = device;
    }

    /// <summary>This process's rank, 0 … <see cref="WorldSize"/> − 1; rank 0 also serves the TCPStore.</summary>
    public int Rank { get; }

    public int WorldSize { get; }

    /// <summary>The bound on rendezvous and on each collective unless a call gives its own.</summary>
    public TimeSpan Timeout { get; }

    public Backend Backend { get; }

    /// <summary>The device whose tensors the collectives take.</summary>
    public Device Device { get; }

    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Whether this native build can create a group with <paramref name="backend"/>.</summary>
    public static bool IsAvailable(Backend backend) => NativeMethods.qg_dist_backend_available((int)backend) == 1;

    /// <summary>
    /// Joins the group as <paramref name="rank"/> of <paramref name="worldSize"/>; blocks until every rank has
    /// joined or <paramref name="timeout"/> has passed. Rank 0 listens on <paramref name="masterHost"/>:
    /// <paramref name="masterPort"/>, the others connect to it. CPU tensors use Gloo; CUDA tensors use NCCL
    /// where compiled in, Gloo otherwise.
    /// </summary>
    /// <param name="rank">This process's rank, 0 ≤ rank &lt; worldSize.</param>
    /// <param name="worldSize">Number of processes in the job (≥ 1).</param>
    /// <param name="masterHost">Address of rank 0 (127.0.0.1 for a single machine).</param>
    /// <param name="masterPort">TCP port rank 0's store listens on (1–65535).</param>
    /// <param name="timeout">Bound on joining and on every collective (a dead or hung peer fails after it).</param>
    /// <param name="device">The device of the tensors this group will reduce.</param>
    public static ProcessGroup Create(int rank, int worldSize, string masterHost, int masterPort, TimeSpan timeout,
        Device device)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(masterHost);
        if (worldSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(worldSize), $"world size {worldSize}: must be at least 1");
        }
        if (rank < 0 || rank >= worldSize)
        {
            throw new ArgumentOutOfRangeException(nameof(rank), $"rank {rank} outside [0, {worldSize})");
        }
        if (masterPort is < 1 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(masterPort), $"master port {masterPort} outside 1–65535");
        }
        if (timeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), "timeout must be positive");
        }
        var backend = device.IsCuda && IsAvailable(Backend.Nccl) ? Backend.Nccl : Backend.Gloo;
        var h = NativeMethods.qg_dist_init(masterHost, masterPort, rank, worldSize, Milliseconds(timeout), (int)backend);
        if (h == IntPtr.Zero)
        {
            throw new TorchException(
                $"rank {rank} of {worldSize} could not join the {backend} process group at {masterHost}:{masterPort} " +
                $"within {timeout.TotalSeconds:0.###} s (did every rank start, with the same master and world size?): " +
                NativeMethods.LastError());
        }
        return new ProcessGroup(h, rank, worldSize, timeout, backend, device);
    }

    /// <summary>Sums each tensor elementwise across all ranks, in place: one collective per tensor.</summary>
    public void AllReduceSum(params Tensor[] tensors) => AllReduceSum(tensors, null);

    /// <inheritdoc cref="AllReduceSum(Tensor[])"/>
    /// <param name="tensors">Contiguous tensors on <see cref="Device"/>, the same shapes and order on every rank.</param>
    /// <param name="timeout">Bound on this call; null = the group's <see cref="Timeout"/>.</param>
    public void AllReduceSum(Tensor[] tensors, TimeSpan? timeout)
    {
        CheckTensors(tensors, "all-reduce");
        var t = timeout ?? Timeout;
        var handles = stackalloc IntPtr[Math.Max(1, tensors.Length)];
        Fill(tensors, handles);
        var rc = NativeMethods.qg_dist_allreduce_sum(Handle, handles, tensors.Length, Milliseconds(t));
        GC.KeepAlive(tensors);
        ThrowIfFailed(rc, "all-reduce", t);
    }

    /// <summary>Averages each tensor across all ranks, in place (a sum, then ÷ <see cref="WorldSize"/>).</summary>
    public void AllReduceMean(params Tensor[] tensors)
    {
        AllReduceSum(tensors);
        using var noGrad = Autograd.NoGrad();
        foreach (var tensor in tensors)
        {
            tensor.Div_(WorldSize);
        }
    }

    /// <summary>Overwrites each tensor on every rank with <paramref name="root"/>'s values, in place.</summary>
    /// <param name="tensors">Contiguous tensors on <see cref="Device"/>, the same shapes and order on every rank.</param>
    /// <param name="root">The rank whose values are sent.</param>
    /// <param name="timeout">Bound on this call; null = the group's <see cref="Timeout"/>.</param>
    public void Broadcast(Tensor[] tensors, int root, TimeSpan? timeout = null)
    {
        if (root < 0 || root >= WorldSize)
        {
            throw new ArgumentOutOfRangeException(nameof(root), $"broadcast root {root} outside [0, {WorldSize})");
        }
        CheckTensors(tensors, "broadcast");
        var t = timeout ?? Timeout;
        var handles = stackalloc IntPtr[Math.Max(1, tensors.Length)];
        Fill(tensors, handles);
        var rc = NativeMethods.qg_dist_broadcast(Handle, handles, tensors.Length, root, Milliseconds(t));
        GC.KeepAlive(tensors);
        ThrowIfFailed(rc, "broadcast", t);
    }

    /// <summary>Returns once every rank has called it (after this rank's earlier collectives completed).</summary>
    /// <param name="timeout">Bound on this call; null = the group's <see cref="Timeout"/>.</param>
    public void Barrier(TimeSpan? timeout = null)
    {
        var t = timeout ?? Timeout;
        ThrowIfFailed(NativeMethods.qg_dist_barrier(Handle, Milliseconds(t)), "barrier", t);
    }

    public override string ToString() => $"ProcessGroup(rank {Rank} of {WorldSize}, {Backend}, {Device})";

    protected override bool ReleaseHandle()
    {
        NativeMethods.qg_dist_free(handle);
        return true;
    }

    private IntPtr Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsClosed, this);
            return handle;
        }
    }

    private void CheckTensors(Tensor[] tensors, string operation)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        for (var k = 0; k < tensors.Length; ++k)
        {
            var device = tensors[k].Device;
            if (device.Type != Device.Type)
            {
                throw new ArgumentException(
                    $"{operation}: tensor {k} is on {device} but this process group was created for {Device}");
            }
        }
    }

    private static void Fill(Tensor[] tensors, IntPtr* handles)
    {
        for (var k = 0; k < tensors.Length; ++k)
        {
            handles[k] = tensors[k].Handle;
        }
    }

    private void ThrowIfFailed(int rc, string operation, TimeSpan timeout)
    {
        if (rc != 0)
        {
            throw new TorchException(
                $"{operation} failed on rank {Rank} of {WorldSize} (timeout {timeout.TotalSeconds:0.###} s; a peer " +
                $"that died, hung or called a different collective ends here): {NativeMethods.LastError()}");
        }
    }

    private static long Milliseconds(TimeSpan t) => Math.Max(1, (long)Math.Ceiling(t.TotalMilliseconds));
}
