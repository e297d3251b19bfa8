using QirenGan.Training.Data;

namespace QirenGan.Training.Tests.Data;

[Collection(TorchCollection.Name)]
public sealed class BatchLoaderTests : IDisposable
{
    private readonly TempDir _dir = Repo.TempDir();
    private readonly ImageDataset _dataset;

    public BatchLoaderTests()
    {
        TestImages.WriteSquares(_dir.Path, 10, 8);
        _dataset = ImageDataset.Open(_dir.Path, 8);
    }

    public void Dispose()
    {
        _dataset.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Batches_are_float_images_in_minus_one_to_one_of_the_listed_indices()
    {
        using var scope = DisposeScope.Enter();
        using var loader = new BatchLoader(_dataset, 4, seed: 1);

        var batch = loader.Next();

        Assert.Equal([4L, 3L, 8L, 8L], batch.Shape);
        Assert.Equal(ScalarType.Float32, batch.DType);
        var values = batch.ToArray<float>();
        for (var b = 0; b < 4; ++b)
        {
            var pixels = _dataset.Load(loader.LastIndices[b]).Pixels;
            for (var c = 0; c < 3; ++c)
            {
                for (var k = 0; k < 64; ++k)
                {
                    Assert.Equal(pixels[k * 3 + c] / 127.5f - 1, values[((b * 3) + c) * 64 + k]);
                }
            }
        }
    }

    [Fact]
    public void Every_image_appears_once_per_epoch_in_a_seeded_order()
    {
        using var scope = DisposeScope.Enter();
        using var a = new BatchLoader(_dataset, 5, seed: 7);
        using var b = new BatchLoader(_dataset, 5, seed: 7);
        using var c = new BatchLoader(_dataset, 5, seed: 8);

        var orderA = Draw(a, 2);
        var orderB = Draw(b, 2);
        var orderC = Draw(c, 2);

        Assert.Equal(Enumerable.Range(0, 10), orderA.Order());
        Assert.Equal(orderA, orderB);
        Assert.NotEqual(orderA, orderC);
        Assert.Equal(new LoaderState(1, 0), a.State);
        Assert.NotEqual(orderA, Draw(a, 2)); // the next epoch is shuffled afresh
    }

    [Fact]
    public void A_restored_state_continues_exactly_like_an_uninterrupted_run()
    {
        // Given an uninterrupted run of 7 batches of 3 (crossing two epoch boundaries), with flips
        using var scope = DisposeScope.Enter();
        using var full = new BatchLoader(_dataset, 3, seed: 5, xflip: true);
        var reference = Enumerable.Range(0, 7).Select(_ => full.Next().ToArray<float>()).ToList();

        // When another loader stops after 4 batches, and a third starts from its saved state
        using var first = new BatchLoader(_dataset, 3, seed: 5, xflip: true);
        for (var i = 0; i < 4; ++i)
        {
            first.Next();
        }
        var saved = first.State;
        first.Next(); // prefetch and consumption past the save point must not matter
        using var resumed = new BatchLoader(_dataset, 3, seed: 5, xflip: true, state: saved);
        first.Restore(saved);

        // Then both continue with batches 5..7 of the uninterrupted run, bit for bit
        for (var i = 4; i < 7; ++i)
        {
            Assert.Equal(reference[i], resumed.Next().ToArray<float>());
            Assert.Equal(reference[i], first.Next().ToArray<float>());
        }
    }

    [Fact]
    public void X_flips_mirror_about_half_of_the_images()
    {
        using var scope = DisposeScope.Enter();
        using var loader = new BatchLoader(_dataset, 10, seed: 3, xflip: true, prefetch: false);
        var flips = 0;
        for (var epoch = 0; epoch < 20; ++epoch)
        {
            var batch = loader.Next().ToArray<float>();
            for (var b = 0; b < 10; ++b)
            {
                var pixels = _dataset.Load(loader.LastIndices[b]).Pixels;
                var flipped = loader.LastFlips[b];
                flips += flipped ? 1 : 0;
                // red channel of row 2, column 1 comes from column 6 when flipped
                var source = (2 * 8 + (flipped ? 6 : 1)) * 3;
                Assert.Equal(pixels[source] / 127.5f - 1, batch[b * 3 * 64 + 2 * 8 + 1]);
            }
        }
        // 200 fair coin flips: 100 ± 3σ (σ ≈ 7.1)
        Assert.InRange(flips, 79, 121);
    }

    [Fact]
    public void Corrupt_images_are_skipped_and_batches_stay_full()
    {
        using var dir = Repo.TempDir();
        TestImages.WriteSquares(dir.Path, 3, 8);
        TestImages.WriteCorrupt(dir.File("broken.png"));
        using var dataset = ImageDataset.Open(dir.Path, 8, warn: _ => { });
        using var scope = DisposeScope.Enter();
        using var loader = new BatchLoader(dataset, 3, seed: 2);

        loader.Next();
        var first = loader.LastIndices.ToArray();
        loader.Next();

        Assert.Equal(3, first.Distinct().Count());
        Assert.DoesNotContain(first, i => dataset.Name(i) == "broken.png");
        Assert.Equal(1, dataset.SkippedCount);
    }

    [Fact]
    public void A_corrupt_image_in_strict_mode_fails_the_batch_naming_the_file()
    {
        using var dir = Repo.TempDir();
        TestImages.WriteSquares(dir.Path, 1, 8);
        TestImages.WriteCorrupt(dir.File("broken.png"));
        using var dataset = ImageDataset.Open(dir.Path, 8, strict: true);
        using var scope = DisposeScope.Enter();
        using var loader = new BatchLoader(dataset, 2, seed: 2);
        var e = Assert.Throws<InvalidDataException>(() => loader.Next());
        Assert.Contains("broken.png", e.Message);
    }

    [Fact]
    public void Batches_leave_no_tensors_behind_once_their_scope_closes()
    {
        using var loader = new BatchLoader(_dataset, 4, seed: 1);
        using (DisposeScope.Enter())
        {
            loader.Next(); // warm up: first prefetch started
        }
        var before = Tensor.LiveCount;
        for (var i = 0; i < 5; ++i)
        {
            using var scope = DisposeScope.Enter();
            loader.Next();
        }
        Assert.Equal(before, Tensor.LiveCount);
    }

    private static List<int> Draw(BatchLoader loader, int batches)
    {
        var order = new List<int>();
        for (var i = 0; i < batches; ++i)
        {
            using var scope = DisposeScope.Enter();
            loader.Next();
            order.AddRange(loader.LastIndices);
        }
        return order;
    }
}
