namespace PowerDrivers.Backend.PowerKVM.Tests.Support;

/// <summary>An opt-in test: skipped, with the stated reason, unless the environment variable is set to a non-empty value.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class EnvFactAttribute : FactAttribute
{
    public EnvFactAttribute(string variable, string reason)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable)))
        {
            Skip = $"opt-in: set {variable} to run ({reason})";
        }
    }
}
