namespace PowerDrivers.Hardware.Power8.Tests;

/// <summary>The NVRAM journal: appended changes survive a restart, a torn last record is cut off, compaction is atomic.</summary>
public sealed class NvramJournalTests : IDisposable
{
    private readonly TempDirectory dir = new();

    private string File1 => Path.Combine(dir.Path, "sys.nvram");

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Nvram_ManyChanges_ReplayedAfterRestart()
    {
        var nvram = new Nvram(File1);
        for (var i = 0; i < 50; i++)
        {
            nvram.Write($"lpar/{i % 7}", [(byte)i]);
        }

        nvram.Delete("lpar/3");

        var reopened = new Nvram(File1);
        Assert.Equal(["lpar/0", "lpar/1", "lpar/2", "lpar/4", "lpar/5", "lpar/6"], reopened.Keys);
        Assert.True(reopened.TryRead("lpar/0", out var value));
        Assert.Equal([49], value);
    }

    [Fact]
    public void Nvram_TornLastRecord_KeepsEveryCommittedChange()
    {
        var nvram = new Nvram(File1);
        nvram.Write("a", [1]);
        nvram.Write("b", [2]);
        var committed = new FileInfo(File1).Length;
        nvram.Write("c", new byte[100]);
        var full = File.ReadAllBytes(File1);

        // Every way the last append can be cut short (a crash mid-write) leaves a and b, never c's half.
        foreach (var cut in new[] { 1, 3, 4, 20, full.Length - (int)committed - 1 })
        {
            File.WriteAllBytes(File1, full[..((int)committed + cut)]);
            var reopened = new Nvram(File1);
            Assert.Equal(["a", "b"], reopened.Keys);
            Assert.Equal(committed, new FileInfo(File1).Length);

            // Writes after the cut follow the last committed record and survive the next restart.
            reopened.Write("d", [4]);
            Assert.Equal(["a", "b", "d"], new Nvram(File1).Keys);
        }
    }

    [Fact]
    public void Nvram_GarbageTail_IsCutNotApplied()
    {
        new Nvram(File1).Write("a", [1]);
        using (var file = new FileStream(File1, FileMode.Append))
        {
            // A record header claiming 32 bytes of payload, then less than the record (the append stopped there).
            file.Write([0x20, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30]);
        }

        var reopened = new Nvram(File1);
        Assert.True(reopened.TryRead("a", out var value));
        Assert.Equal([1], value);
        Assert.Equal(["a"], reopened.Keys);
    }

    [Fact]
    public void Nvram_Compaction_FoldsTheJournalAndKeepsEverything()
    {
        var nvram = new Nvram(File1);
        var big = new byte[40_000];
        for (var i = 0; i < 30; i++)
        {
            big[0] = (byte)i;
            nvram.Write($"k{i % 3}", big);
        }

        Assert.True(nvram.Compactions > 1);
        Assert.True(new FileInfo(File1).Length < 30 * big.Length / 2);
        var reopened = new Nvram(File1);
        Assert.Equal(["k0", "k1", "k2"], reopened.Keys);
        Assert.True(reopened.TryRead("k2", out var value));
        Assert.Equal(29, value[0]);
        Assert.Equal([Path.GetFileName(File1)], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Nvram_CrashDuringCompaction_LeavesTheOldFileWhole()
    {
        var nvram = new Nvram(File1);
        nvram.Write("a", [1]);
        nvram.Write("b", [2]);
        var before = File.ReadAllBytes(File1);

        // A compaction that died before its rename leaves a partial temporary beside the intact file.
        File.WriteAllBytes(File1 + ".feedfacefeedface.tmp", before[..10]);

        var reopened = new Nvram(File1);
        Assert.Equal(["a", "b"], reopened.Keys);
        Assert.False(File.Exists(File1 + ".feedfacefeedface.tmp"));
    }

    [Fact]
    public void Nvram_CrashAfterCompactionRename_ReplayChangesNothing()
    {
        var nvram = new Nvram(File1);
        nvram.Write("a", [1]);
        nvram.Write("b", [2]);
        nvram.Delete("a");
        var journal = File.ReadAllBytes(File1);
        nvram.Compact();
        var snapshot = File.ReadAllBytes(File1);
        var snapshotOnlyLength = snapshot.Length;

        // Snapshot renamed into place, then the same journal records found after it: replaying them is idempotent.
        var firstSnapshotLength = FirstSnapshotLength(journal);
        File.WriteAllBytes(File1, [.. snapshot, .. journal[firstSnapshotLength..]]);

        var reopened = new Nvram(File1);
        Assert.Equal(["b"], reopened.Keys);
        Assert.True(new FileInfo(File1).Length > snapshotOnlyLength);
    }

    [Fact]
    public void Nvram_CorruptRecordBeforeCommittedOnes_IsReportedNotCut()
    {
        // Only the last append can be torn: a damaged record with committed ones after it is corruption, not a crash.
        var nvram = new Nvram(File1);
        nvram.Write("a", [1]);
        var afterA = (int)new FileInfo(File1).Length;
        nvram.Write("b", [2]);
        nvram.Write("c", [3]);
        var bytes = File.ReadAllBytes(File1);
        bytes[afterA + 6] ^= 0xFF;
        File.WriteAllBytes(File1, bytes);

        Assert.Throws<InvalidDataException>(() => new Nvram(File1));
    }

    private static int FirstSnapshotLength(byte[] file)
    {
        // magic(8) + count(4) + no entries + SHA-256(32): the first change starts the file with an empty snapshot.
        Assert.Equal(0, BitConverter.ToInt32(file, 8));
        return 8 + 4 + 32;
    }
}
