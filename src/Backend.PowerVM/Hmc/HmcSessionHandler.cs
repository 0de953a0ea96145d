using System.Net;

namespace PowerDrivers.Backend.PowerVM.Hmc;

/// <summary>
/// Puts <c>X-API-Session</c> and <c>X-Audit-Memento</c> on every request, logs on when there is no session, and on a
/// 401 (session expired) logs on again once and repeats the request with the new token.
/// </summary>
internal sealed class HmcSessionHandler : DelegatingHandler
{
    private readonly Func<CancellationToken, Task<string>> _logon;
    private readonly string _memento;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private int _logons;

    public HmcSessionHandler(Func<CancellationToken, Task<string>> logon, string memento, HttpMessageHandler inner)
        : base(inner)
    {
        _logon = logon;
        _memento = memento;
    }

    /// <summary>How many logons this handler has made.</summary>
    public int Logons => Volatile.Read(ref _logons);

    /// <summary>Forgets the token (after a logoff).</summary>
    public void Forget() => _token = null;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var token = _token ?? await LogonAsync(null, cancellationToken).ConfigureAwait(false);
        var body = request.Content is null ? null : await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        Stamp(request, token);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        response.Dispose();
        token = await LogonAsync(token, cancellationToken).ConfigureAwait(false);
        var retry = new HttpRequestMessage(request.Method, request.RequestUri) { Version = request.Version };
        foreach (var h in request.Headers)
        {
            retry.Headers.TryAddWithoutValidation(h.Key, h.Value);
        }

        if (body is not null)
        {
            retry.Content = new ByteArrayContent(body);
            foreach (var h in request.Content!.Headers)
            {
                retry.Content.Headers.TryAddWithoutValidation(h.Key, h.Value);
            }
        }

        Stamp(retry, token);
        return await base.SendAsync(retry, cancellationToken).ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gate.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Stamp(HttpRequestMessage request, string token)
    {
        request.Headers.Remove("X-API-Session");
        request.Headers.TryAddWithoutValidation("X-API-Session", token);
        request.Headers.Remove("X-Audit-Memento");
        request.Headers.TryAddWithoutValidation("X-Audit-Memento", _memento);
    }

    /// <summary>Logs on unless another caller already replaced <paramref name="stale"/>.</summary>
    private async Task<string> LogonAsync(string? stale, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_token is { } current && current != stale)
            {
                return current;
            }

            _token = await _logon(ct).ConfigureAwait(false);
            Interlocked.Increment(ref _logons);
            return _token;
        }
        finally
        {
            _gate.Release();
        }
    }
}
