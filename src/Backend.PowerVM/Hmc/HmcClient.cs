using System.Net;
using System.Xml;
using System.Xml.Linq;
using PowerDrivers.Backend.PowerVM.Wire;
using Refit;

namespace PowerDrivers.Backend.PowerVM.Hmc;

/// <summary>
/// A typed HMC REST client over <see cref="IHmcApi"/>: session logon with automatic re-logon on 401, ETag/If-Match
/// updates with re-read and retry on 412, jobs submitted from their templates and polled to the end, and every
/// HttpErrorResponse turned into an <see cref="HmcException"/> carrying the HSCL code and message.
/// Transport failures become <see cref="HmcUnreachableException"/>.
/// </summary>
public sealed partial class HmcClient : IDisposable
{
    private readonly HmcClientOptions _options;
    private readonly HttpClient _http;
    private readonly HttpClient _logonHttp;
    private readonly HmcSessionHandler _session;
    private readonly IHmcApi _api;
    private readonly IHmcApi _logonApi;
    private readonly HttpMessageHandler _transport;

    /// <summary>Creates the client; <paramref name="transport"/> replaces the TLS socket handler (tests).</summary>
    public HmcClient(HmcClientOptions options, HttpMessageHandler? transport = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        HmcTrust.Validate(options.Url, options.Trust, options.TrustPin, options.TrustCaFile);
        _options = options;
        _transport = transport ?? new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            SslOptions = { RemoteCertificateValidationCallback = HmcTrust.Callback(options.Trust, options.TrustPin, options.TrustCaFile) },
        };
        _logonHttp = new HttpClient(_transport, disposeHandler: false) { BaseAddress = options.Url, Timeout = options.RequestTimeout };
        _logonHttp.DefaultRequestHeaders.TryAddWithoutValidation("X-Audit-Memento", options.Memento);
        _logonApi = RestService.For<IHmcApi>(_logonHttp);
        _session = new HmcSessionHandler(LogonAsync, options.Memento, _transport);
        _http = new HttpClient(_session, disposeHandler: false) { BaseAddress = options.Url, Timeout = options.RequestTimeout };
        _api = RestService.For<IHmcApi>(_http);
    }

    /// <summary>Logons made so far (one at first use, one more after each expired session).</summary>
    public int Logons => _session.Logons;

    /// <summary>The HMC's address.</summary>
    public Uri Url => _options.Url;

    /// <summary>Every managed system.</summary>
    internal async Task<IReadOnlyList<ManagedSystemView>> ListSystemsAsync(CancellationToken ct) =>
        ManagedSystemView.ReadAll(await ReadAsync(c => _api.ListManagedSystemsAsync(c), ct).ConfigureAwait(false));

    /// <summary>One managed system.</summary>
    internal async Task<ManagedSystemView> GetSystemAsync(string uuid, CancellationToken ct) =>
        ManagedSystemView.ReadAll(await ReadAsync(c => _api.GetManagedSystemAsync(uuid, c), ct).ConfigureAwait(false)).Single();

    /// <summary>(pool ID, name) of each shared processor pool.</summary>
    internal async Task<IReadOnlyList<(int Id, string Name)>> ListPoolsAsync(string system, CancellationToken ct) =>
        SharedProcessorPoolXml.ReadAll(await ReadAsync(c => _api.ListSharedProcessorPoolsAsync(system, c), ct).ConfigureAwait(false));

    /// <summary>Every logical partition of a system.</summary>
    internal async Task<IReadOnlyList<PartitionView>> ListPartitionsAsync(string system, CancellationToken ct)
    {
        var (body, _) = await SendAsync(c => _api.ListPartitionsAsync(system, c), ct, allowNoContent: true).ConfigureAwait(false);
        return body.Length == 0 ? [] : PartitionView.ReadAll(body);
    }

    /// <summary>One partition with its ETag, or null when the HMC does not know it.</summary>
    internal async Task<PartitionView?> GetPartitionAsync(string uuid, CancellationToken ct)
    {
        try
        {
            var (body, etag) = await SendAsync(c => _api.GetPartitionAsync(uuid, c), ct).ConfigureAwait(false);
            return First(PartitionView.ReadAll(body, etag));
        }
        catch (HmcException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Creates a partition from a LogicalPartition body; returns what the HMC created.</summary>
    internal async Task<PartitionView> CreatePartitionAsync(string system, XElement body, CancellationToken ct)
    {
        var (text, etag) = await SendAsync(c => _api.CreatePartitionAsync(system, Uom.Content(body, LogicalPartitionXml.MediaType), c), ct).ConfigureAwait(false);
        return First(PartitionView.ReadAll(text, etag))
            ?? throw new HmcException(200, null, "the HMC answered the create without a LogicalPartition");
    }

    /// <summary>
    /// Reads the partition, applies <paramref name="change"/> and POSTs it with If-Match; on 412 (changed in between)
    /// reads it again and retries, up to <see cref="HmcClientOptions.EtagRetries"/> times.
    /// </summary>
    internal async Task<PartitionView> UpdatePartitionAsync(string uuid, Func<PartitionView, XElement> change, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var current = await GetPartitionAsync(uuid, ct).ConfigureAwait(false)
                ?? throw new HmcException(404, null, $"The logical partition {uuid} was not found.");
            var body = change(current);
            try
            {
                var (text, etag) = await SendAsync(c => _api.UpdatePartitionAsync(uuid, Uom.Content(body, LogicalPartitionXml.MediaType), current.ETag ?? "*", c), ct).ConfigureAwait(false);
                return text.Length > 0 && First(PartitionView.ReadAll(text, etag)) is { } updated
                    ? updated
                    : await GetPartitionAsync(uuid, ct).ConfigureAwait(false) ?? throw new HmcException(404, null, $"The logical partition {uuid} was not found.");
            }
            catch (HmcException ex) when (ex.Status == (int)HttpStatusCode.PreconditionFailed && attempt < _options.EtagRetries)
            {
                // Someone else changed the partition since it was read: read it again and re-apply.
            }
        }
    }

    /// <summary>Deletes a partition; false when the HMC no longer has it.</summary>
    internal async Task<bool> DeletePartitionAsync(string uuid, CancellationToken ct)
    {
        try
        {
            await SendAsync(c => _api.DeletePartitionAsync(uuid, c), ct, allowNoContent: true).ConfigureAwait(false);
            return true;
        }
        catch (HmcException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <summary>
    /// Runs a job: GET its template, PUT it with <paramref name="parameters"/>, poll until it ends or
    /// <paramref name="timeout"/> (default <see cref="HmcClientOptions.JobTimeout"/>) passes, then DELETE it.
    /// A job that fails throws <see cref="HmcException"/> (status 0) with the HMC's result text; a timeout throws
    /// <see cref="TimeoutException"/>.
    /// </summary>
    internal async Task<JobStatusView> RunJobAsync(string uuid, string operation, IEnumerable<KeyValuePair<string, string>> parameters, TimeSpan? timeout, CancellationToken ct)
    {
        var template = await ReadAsync(c => _api.GetJobTemplateAsync(uuid, operation, c), ct).ConfigureAwait(false);
        var request = JobXml.Fill(template, parameters);
        var submitted = JobXml.Read(await ReadAsync(c => _api.SubmitJobAsync(uuid, operation, Uom.Content(request, JobXml.RequestType), c), ct).ConfigureAwait(false));
        var limit = timeout ?? _options.JobTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(limit);
        var job = submitted;
        try
        {
            while (!job.IsFinal)
            {
                await Task.Delay(_options.JobPollInterval, deadline.Token).ConfigureAwait(false);
                job = JobXml.Read(await ReadAsync(c => _api.GetJobAsync(submitted.Id, c), deadline.Token).ConfigureAwait(false));
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"{operation} job {submitted.Id} on {uuid} did not end within {limit.TotalSeconds:0.###} s (last status {job.Status})");
        }

        await ForgetJobAsync(job.Id, ct).ConfigureAwait(false);
        if (!job.Succeeded)
        {
            var text = job.FailureText;
            throw new HmcException(0, HttpErrorXml.Code(text), text);
        }

        return job;
    }

    /// <summary>One long-poll read of the event feed (the raw feed).</summary>
    internal Task<string> ReadEventsAsync(CancellationToken ct) => ReadAsync(c => _api.GetEventsAsync(c), ct, allowNoContent: true);

    /// <summary>Ends the session on the HMC (best effort).</summary>
    public async Task LogoffAsync(CancellationToken ct)
    {
        if (_session.Logons == 0)
        {
            return;
        }

        try
        {
            using var response = await _api.LogoffAsync(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (Translate(ex) is HmcUnreachableException or HmcException)
        {
            // Best effort: the HMC expires idle sessions itself.
        }

        _session.Forget();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _http.Dispose();
        _logonHttp.Dispose();
        _session.Dispose();
        _transport.Dispose();
    }

    /// <summary>
    /// The exception a caller should see: Refit wraps what the handler chain throws (our HmcException from a logon,
    /// HttpRequestException from the socket) in ApiRequestException; unwrap it and name transport failures.
    /// </summary>
    private Exception Translate(Exception ex)
    {
        var inner = ex;
        while (inner is ApiRequestException or ApiException && inner.InnerException is not null)
        {
            inner = inner.InnerException;
        }

        return inner switch
        {
            HmcException or HmcUnreachableException => inner,
            HttpRequestException or IOException => new HmcUnreachableException($"cannot reach the HMC at {_options.Url}: {inner.Message}", inner),
            TaskCanceledException or TimeoutException => new HmcUnreachableException($"the HMC at {_options.Url} did not answer within {_options.RequestTimeout.TotalSeconds:0} s", inner),
            _ => ex,
        };
    }

    private static T? First<T>(IReadOnlyList<T> items) where T : class => items.Count > 0 ? items[0] : null;

    private async Task ForgetJobAsync(string id, CancellationToken ct)
    {
        try
        {
            using var response = await _api.DeleteJobAsync(id, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (Translate(ex) is HmcUnreachableException or HmcException)
        {
            // The job ended; forgetting it is housekeeping the HMC also does by itself.
        }
    }

    private async Task<string> LogonAsync(CancellationToken ct)
    {
        var body = Uom.Content(LogonXml.Request(_options.User, _options.Password), LogonXml.RequestType);
        HttpResponseMessage response;
        try
        {
            response = await _logonApi.LogonAsync(body, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            throw Translate(ex);
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var (code, message, _) = HttpErrorXml.Read(text);
                throw new HmcException((int)response.StatusCode, code,
                    $"the HMC refused the logon of user {_options.User} ({(int)response.StatusCode}){(message.Length > 0 ? ": " + message : "")}");
            }

            return LogonXml.Token(text) ?? throw new HmcException((int)response.StatusCode, null, "the HMC's LogonResponse carries no X-API-Session");
        }
    }

    private async Task<string> ReadAsync(Func<CancellationToken, Task<HttpResponseMessage>> call, CancellationToken ct, bool allowNoContent = false) =>
        (await SendAsync(call, ct, allowNoContent).ConfigureAwait(false)).Body;

    private async Task<(string Body, string? ETag)> SendAsync(Func<CancellationToken, Task<HttpResponseMessage>> call, CancellationToken ct, bool allowNoContent = false)
    {
        HttpResponseMessage response;
        try
        {
            response = await call(ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            throw Translate(ex);
        }

        using (response)
        {
            string text;
            try
            {
                text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                throw new HmcUnreachableException($"the HMC at {_options.Url} dropped the connection: {ex.Message}", ex);
            }

            if (response.IsSuccessStatusCode)
            {
                if (text.Length == 0 && !allowNoContent && response.StatusCode != HttpStatusCode.NoContent)
                {
                    throw new HmcException((int)response.StatusCode, null, "the HMC answered with an empty body");
                }

                var etag = response.Headers.TryGetValues("ETag", out var values) ? values.FirstOrDefault()?.Trim('"') : null;
                return (text, etag);
            }

            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                var (_, message, _) = HttpErrorXml.Read(text);
                throw new HmcUnreachableException($"the HMC at {_options.Url} is unavailable (503): {message}");
            }

            try
            {
                var (code, message, reason) = HttpErrorXml.Read(text);
                throw new HmcException((int)response.StatusCode, code, message.Length > 0 ? message : reason.Length > 0 ? reason : response.ReasonPhrase ?? "");
            }
            catch (XmlException)
            {
                throw new HmcException((int)response.StatusCode, null, response.ReasonPhrase ?? "");
            }
        }
    }
}
