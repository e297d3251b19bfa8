namespace QirenGan.Torch.Tests;

[Collection(TorchCollection.Name)]
public sealed class ErrorTests
{
    [Fact]
    public void Shape_mismatch_in_matmul_surfaces_libtorchs_message_and_the_process_keeps_working()
    {
        using var scope = DisposeScope.Enter();
        var a = Tensors.Ones([2, 3]);
        var b = Tensors.Ones([4, 5]);

        var error = Assert.Throws<TorchException>(() => a.MatMul(b));
        Assert.Contains("cannot be multiplied", error.Message);
        Assert.Contains("2x3", error.Message);

        // The next call works and reports no stale error.
        var c = a.MatMul(Tensors.Ones([3, 2]));
        Assert.Equal([3f, 3f, 3f, 3f], c.ToArray<float>());
    }

    [Fact]
    public void Unreadable_torchscript_file_raises_libtorchs_error_naming_the_file()
    {
        using var dir = Repo.TempDir();
        var path = dir.File("not-a-model.pt");
        File.WriteAllText(path, "this is not a TorchScript archive");

        var error = Assert.Throws<TorchException>(() => TorchScript.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("cannot load TorchScript module", error.Message);

        Assert.Throws<FileNotFoundException>(() => TorchScript.Load(dir.File("missing.pt")));
        using var scope = DisposeScope.Enter();
        Assert.Equal(6.0, Tensors.Ones([2, 3]).Sum().ToDouble());
    }

    [Fact]
    public void Wrong_element_type_and_bad_shapes_are_rejected_before_reaching_native_code()
    {
        using var scope = DisposeScope.Enter();
        var t = Tensors.Ones([2]);
        Assert.Throws<InvalidOperationException>(() => t.ToArray<double>());
        Assert.Throws<ArgumentException>(() => Tensors.FromArray(new float[5], [2, 2]));
    }

    [Fact]
    public void Requesting_cuda_on_a_cpu_build_is_a_clear_error()
    {
        if (TorchRuntime.CudaAvailable)
        {
            return; // The message only exists where CUDA does not.
        }
        var error = Assert.Throws<TorchException>(() => Device.Cuda());
        Assert.Contains("CUDA", error.Message);
        Assert.Contains("setup.sh --cuda", error.Message);
    }
}
