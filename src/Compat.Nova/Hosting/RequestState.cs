using PowerDrivers.Compat.Nova.Identity;

namespace PowerDrivers.Compat.Nova.Hosting;

/// <summary>What the front's middleware learnt about a request: its id, its token and its microversion.</summary>
internal sealed class RequestState
{
    private const string Key = "pd.nova.request";

    public required string RequestId { get; init; }

    public Token? Token { get; set; }

    public ApiVersion Version { get; set; } = ApiVersion.Min;

    public static RequestState Of(HttpContext context) =>
        context.Items[Key] as RequestState ?? throw new InvalidOperationException("the Nova front middleware did not run");

    public static void Attach(HttpContext context, RequestState state) => context.Items[Key] = state;
}
