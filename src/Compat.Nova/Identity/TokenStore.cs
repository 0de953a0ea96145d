using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace PowerDrivers.Compat.Nova.Identity;

/// <summary>An issued token: who, in which project, with which roles, until when.</summary>
internal sealed record Token(string Id, User User, Project Project, IReadOnlyList<string> Roles, IReadOnlyList<string> Methods,
    DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, string AuditId)
{
    public bool IsAdmin => Roles.Contains("admin", StringComparer.Ordinal);
}

/// <summary>Tokens in memory (a restart logs every client out, as Keystone's fernet key rotation would).</summary>
internal sealed class TokenStore(TimeProvider time, TimeSpan lifetime)
{
    private readonly ConcurrentDictionary<string, Token> _tokens = new(StringComparer.Ordinal);

    public Token Issue(User user, Project project, IReadOnlyList<string> methods)
    {
        var now = time.GetUtcNow();
        // Keystone gives whole-second issue times with microseconds; keep microseconds for the format.
        var token = new Token("gAAAA" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), user, project, user.Roles, methods,
            now, now + lifetime, Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)).TrimEnd('=').Replace('+', '-').Replace('/', '_'));
        _tokens[token.Id] = token;
        return token;
    }

    /// <summary>The live token with this id, or null (unknown or expired).</summary>
    public Token? Validate(string? id)
    {
        if (string.IsNullOrEmpty(id) || !_tokens.TryGetValue(id, out var token))
        {
            return null;
        }

        if (token.ExpiresAt <= time.GetUtcNow())
        {
            _tokens.TryRemove(id, out _);
            return null;
        }

        return token;
    }

    public void Revoke(string id) => _tokens.TryRemove(id, out _);
}
