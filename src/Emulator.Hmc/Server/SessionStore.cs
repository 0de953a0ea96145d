using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace PowerDrivers.Emulator.Hmc.Server;

/// <summary>Logged-on sessions (the <c>X-API-Session</c> tokens) with idle expiry, and each session's event cursor.</summary>
internal sealed class SessionStore(TimeSpan idleTimeout, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Session> sessions = new(StringComparer.Ordinal);

    public string Open(string user)
    {
        var now = clock.GetUtcNow();
        foreach (var stale in sessions.Where(s => now - s.Value.LastSeen > idleTimeout).Select(s => s.Key).ToList())
        {
            sessions.TryRemove(stale, out _);
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(96)).Replace('+', '-').Replace('/', '_');
        sessions[token] = new Session(Guid.NewGuid().ToString("N"), user, now);
        return token;
    }

    public bool Close(string? token) => token is not null && sessions.TryRemove(token, out _);

    /// <summary>The live session of <paramref name="token"/>, refreshing its idle timer; null when unknown or expired.</summary>
    public Session? Touch(string? token)
    {
        if (token is null || !sessions.TryGetValue(token, out var session))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (now - session.LastSeen > idleTimeout)
        {
            sessions.TryRemove(token, out _);
            return null;
        }

        session.LastSeen = now;
        return session;
    }

    internal sealed class Session(string id, string user, DateTimeOffset lastSeen)
    {
        public string Id { get; } = id;

        public string User { get; } = user;

        public DateTimeOffset LastSeen { get; set; } = lastSeen;
    }
}
