namespace Linreg.Core.Training;

/// <summary>Stops when the epoch cost has improved by less than a tolerance for a number of epochs in a row.</summary>
internal sealed class EarlyStopping(double? tolerance, int patience)
{
    private double _best = double.PositiveInfinity;
    private int _stalled;

    /// <summary>Records an epoch's cost; true when training should stop.</summary>
    public bool ShouldStop(double cost)
    {
        if (tolerance is not { } t)
        {
            return false;
        }

        _stalled = _best - cost < t ? _stalled + 1 : 0;
        _best = Math.Min(_best, cost);
        return _stalled >= patience;
    }
}
