using PowerDrivers.Driver.Core.Backends;
using PowerDrivers.Driver.Core.Operations;
using PowerDrivers.Driver.Core.States;

namespace PowerDrivers.Driver.Core.Store;

/// <summary>Instance filters and paging.</summary>
/// <param name="Host">Only this host (empty = all).</param>
/// <param name="States">Only these states (empty = all).</param>
/// <param name="NameContains">Case-insensitive substring (empty = all).</param>
/// <param name="PageSize">1–1000.</param>
/// <param name="After">Resume after this (created, id) position; null = first page.</param>
/// <param name="IncludeDeleted">Include deleted instances.</param>
public sealed record InstanceQuery(
    string Host, IReadOnlyList<InstanceState> States, string NameContains, int PageSize,
    PageCursor? After, bool IncludeDeleted);

/// <summary>A position in a listing ordered by (time, id).</summary>
/// <param name="Time">Creation time of the last item seen.</param>
/// <param name="Id">Id of the last item seen.</param>
public sealed record PageCursor(DateTimeOffset Time, Guid Id);

/// <summary>A page of instances.</summary>
/// <param name="Items">The instances.</param>
/// <param name="Next">Cursor for the next page, or null on the last.</param>
/// <param name="TotalSize">Matches in all pages.</param>
public sealed record InstancePage(IReadOnlyList<InstanceRecord> Items, PageCursor? Next, int TotalSize);

/// <summary>Operation filters and paging (newest first).</summary>
/// <param name="InstanceId">Only this instance.</param>
/// <param name="States">Only these states.</param>
/// <param name="PageSize">1–1000.</param>
/// <param name="Before">Resume before this position; null = first page.</param>
public sealed record OperationQuery(Guid? InstanceId, IReadOnlyList<OperationState> States, int PageSize, PageCursor? Before);

/// <summary>A page of operations.</summary>
/// <param name="Items">The operations.</param>
/// <param name="Next">Cursor for the next page, or null.</param>
public sealed record OperationPage(IReadOnlyList<OperationRecord> Items, PageCursor? Next);
