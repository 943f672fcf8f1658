namespace Linreg.Core.Training;

/// <summary>Where early stopping stands: the best epoch cost so far and how many epochs in a row improved on it too little.</summary>
public sealed record EarlyStoppingState(double Best, int Stalled)
{
    public static EarlyStoppingState Fresh { get; } = new(double.PositiveInfinity, 0);
}

/// <summary>Stops when the epoch cost has improved by less than a tolerance for a number of epochs in a row.</summary>
/// <param name="start">The state a resumed run left off in (a checkpoint keeps it), so it stops where an uninterrupted run would.</param>
internal sealed class EarlyStopping(double? tolerance, int patience, EarlyStoppingState? start = null)
{
    public EarlyStoppingState State { get; private set; } = start ?? EarlyStoppingState.Fresh;

    /// <summary>The state once an epoch of <paramref name="cost"/> is recorded, without recording it.</summary>
    public EarlyStoppingState After(double cost) =>
        tolerance is not { } t ? State : new(Math.Min(State.Best, cost), State.Best - cost < t ? State.Stalled + 1 : 0);

    /// <summary>Records an epoch's cost; true when training should stop.</summary>
    public bool ShouldStop(double cost)
    {
        if (tolerance is null)
        {
            return false;
        }

        State = After(cost);
        return State.Stalled >= patience;
    }
}
