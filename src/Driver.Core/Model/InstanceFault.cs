namespace PowerDrivers.Driver.Core.Model;

/// <summary>Why an instance is in <see cref="States.InstanceState.Error"/>.</summary>
/// <param name="Reason">A stable reason (see <see cref="Errors.ErrorReasons"/>).</param>
/// <param name="Message">Words for a person.</param>
/// <param name="Time">When it happened.</param>
public sealed record InstanceFault(string Reason, string Message, DateTimeOffset Time);
