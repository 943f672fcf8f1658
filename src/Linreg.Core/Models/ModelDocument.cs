using Linreg.Core.Metrics;
using Linreg.Core.Training;

namespace Linreg.Core.Models;

/// <summary>How a model was made: the data it saw and the settings used. Null for imported models.</summary>
public sealed record TrainingRecord(string Data, int Rows, long DroppedRows, int Steps, float FinalCost, TrainSettings Settings);

/// <summary>Everything a model file holds.</summary>
public sealed record ModelDocument(LinearModel Model, TrainingRecord? Training, RegressionMetrics? TrainMetrics, string CreatedBy);
