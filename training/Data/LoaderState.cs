namespace QirenGan.Training.Data;

/// <summary>
/// Where a <see cref="BatchLoader"/> stands: the next image is entry <paramref name="Position"/> of epoch
/// <paramref name="Epoch"/>'s shuffled order. Together with the loader's seed this fixes every later batch, so a run
/// resumed from a saved state draws exactly the batches an uninterrupted run would have.
/// </summary>
/// <param name="Epoch">Completed passes over the dataset.</param>
/// <param name="Position">Index into this epoch's permutation, in [0, Count).</param>
public sealed record LoaderState(long Epoch, long Position)
{
    public static LoaderState Start { get; } = new(0, 0);
}
