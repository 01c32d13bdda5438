import Model
import Testing
@testable import Split

@Suite struct SplitCacheTests {
    func id(_ n: Int) -> ObjectID { ObjectID(a: UInt64(n) &* 0x9E37_79B9_7F4A_7C15, b: UInt64(n), c: UInt32(n)) }

    @Test func layersAreSearchedNewestFirst() throws {
        var cache = SplitCache()
        cache.append(SplitCache.encode((0..<1000).map { SplitCache.Record(source: id($0), state: .split, value: id($0 / 10 + 5000)) }.sorted { $0.source < $1.source }))
        cache.append(SplitCache.encode([SplitCache.Record(source: id(7), state: .noTree, value: .zero)]))
        #expect(cache.lookup(id(7))?.state == .noTree)
        #expect(cache.lookup(id(8))?.value == id(5000))
        #expect(cache.lookup(id(999))?.value == id(5099))
        #expect(cache.lookup(id(2000)) == nil)
        let reloaded = try #require(SplitCache(layers: cache.layers, markerCommits: []))
        #expect(reloaded.lookup(id(999))?.value == id(5099))
        let compacted = cache.compacted()
        #expect(compacted.layers.count == 1)
        #expect(compacted.lookup(id(7))?.state == .noTree)
        #expect(compacted.lookup(id(500))?.value == id(5050))
    }

    @Test func corruptLayersAreRefused() {
        let layer = SplitCache.encode([SplitCache.Record(source: id(1), state: .split, value: id(2))])
        #expect(SplitCache(layers: [layer], markerCommits: []) != nil)
        var values = layer.values.array
        values[20] ^= 1
        #expect(SplitCache(layers: [SplitCache.Layer(sources: layer.sources, values: LayerBytes(values))], markerCommits: []) == nil, "checksum")
        #expect(SplitCache(layers: [SplitCache.Layer(sources: LayerBytes(layer.sources.array.dropLast()), values: layer.values)], markerCommits: []) == nil, "truncated")
        #expect(SplitCache(layers: [SplitCache.Layer(sources: Array("garbage".utf8), values: layer.values.array)], markerCommits: []) == nil, "magic")
    }

    /// Layers as an incremental run reads them: each part checked when a lookup reads it. A
    /// damaged byte makes the commits whose lookups read its part unknown (split again), never
    /// wrong, and the others are still answered.
    @Test func aDamagedPartMakesOnlyTheCommitsItHoldsUnknown() throws {
        let records = (0..<3000).map { SplitCache.Record(source: id($0), state: $0 % 7 == 0 ? .noTree : .split, value: $0 % 7 == 0 ? .zero : id($0 / 3 + 9000)) }.sorted { $0.source < $1.source }
        let layer = SplitCache.encode(records)
        for blob in ["sources", "values"] {
            var bytes = (blob == "sources" ? layer.sources : layer.values).array
            bytes[bytes.count / 2] ^= 0x40
            let damaged = blob == "sources" ? SplitCache.Layer(sources: LayerBytes(bytes), values: layer.values) : SplitCache.Layer(sources: layer.sources, values: LayerBytes(bytes))
            #expect(SplitCache(layers: [damaged], markerCommits: []) == nil, "checked whole, the \(blob) are refused")
            let count = try #require(SplitCache.validSourceCount(damaged.sources))
            #expect(SplitCache.isValid(values: damaged.values, count: count, entries: false), "the \(blob)' trailer and header are whole")
            let cache = SplitCache(checkedLayers: [damaged], markerCommits: [])
            var unknown = 0
            for r in records {
                if let found = cache.lookup(r.source) {
                    #expect(found == r)
                } else {
                    unknown += 1
                }
            }
            #expect(unknown > 0 && unknown < records.count / 4, "\(blob): \(unknown) unknown")
        }
    }

    /// A layer read where a pack holds it (in pieces, as zlib's stored blocks lay it out)
    /// answers as the same layer in memory.
    @Test func layersReadInPlaceAnswerAsInMemory() throws {
        let records = (0..<20_000).map { SplitCache.Record(source: id($0), state: .split, value: id($0 / 5 + 50_000)) }.sorted { $0.source < $1.source }
        let layer = SplitCache.encode(records)
        var keep: [UnsafeMutableRawBufferPointer] = []
        defer { for b in keep { b.deallocate() } }
        func mapped(_ bytes: [UInt8]) -> LayerBytes {
            var pieces: [UnsafeRawBufferPointer] = []
            var at = 0
            while at < bytes.count {
                let n = min(65_535 - (pieces.count % 3) * 7, bytes.count - at)
                let piece = UnsafeMutableRawBufferPointer.allocate(byteCount: n, alignment: 1)
                piece.copyBytes(from: bytes[at..<(at + n)])
                keep.append(piece)
                pieces.append(UnsafeRawBufferPointer(piece))
                at += n
            }
            return LayerBytes(mapped: MappedBytes(pieces: pieces))
        }
        let inPlace = SplitCache.Layer(sources: mapped(layer.sources.array), values: mapped(layer.values.array))
        #expect(inPlace == layer)
        let cache = try #require(SplitCache(layers: [inPlace], markerCommits: []))
        for r in records.prefix(2000) { #expect(cache.lookup(r.source) == r) }
        #expect(cache.lookup(id(30_000)) == nil)
        #expect(cache.compacted().lookup(records[1234].source) == records[1234])
    }

    @Test func incrementalSplitEqualsColdSplit() throws {
        let store = InMemoryStore()
        let spec = try SplitSpec(arguments: ["Lib"])
        var tip = try store.commit("c0", files: ["Lib/a": "0", "x": "0"])
        for i in 1...20 {
            tip = try store.commit("c\(i)", files: ["Lib/a": "\(i / 3)", "x": "\(i)"], parents: [tip])
        }
        let first = try SplitEngine(store: store).split(tip: tip, spec: spec)
        var cache = SplitCache()
        cache.append(try #require(first.newLayer))
        let side = try store.commit("side", files: ["Lib/a": "side", "x": "s"], parents: [tip])
        let main = try store.commit("main", files: ["Lib/a": "6", "x": "m", "Lib/b": "b"], parents: [tip])
        let merge = try store.commit("merge", files: ["Lib/a": "side", "x": "m", "Lib/b": "b"], parents: [main, side])
        let warm = try SplitEngine(store: store).split(tip: merge, spec: spec, cache: cache)
        let cold = try SplitEngine(store: store).split(tip: merge, spec: spec)
        #expect(warm.incremental)
        #expect(warm.commitsWalked == 3, "only the three new commits")
        #expect(warm.head == cold.head)
        #expect(!cold.incremental)
    }

    @Test func cacheWithWrongMappingForAMissingObjectFallsBackToCold() throws {
        let store = InMemoryStore()
        let spec = try SplitSpec(arguments: ["Lib"])
        let c0 = try store.commit("c0", files: ["Lib/a": "0"])
        let c1 = try store.commit("c1", files: ["Lib/a": "1"], parents: [c0])
        var cache = SplitCache()
        // A cache that says c0 split to an object the store does not have.
        cache.append(SplitCache.encode([SplitCache.Record(source: c0, state: .split, value: ObjectID(a: 1, b: 2, c: 3))]))
        let warm = try SplitEngine(store: store).split(tip: c1, spec: spec, cache: cache)
        let cold = try SplitEngine(store: store).split(tip: c1, spec: spec)
        #expect(warm.head == cold.head)
        #expect(!warm.incremental)
    }

    @Test func archiveStoresCachesAsCommitsAndReadsThemBack() throws {
        let store = InMemoryStore()
        let keepAlive = try store.commit("split head", files: ["a": "1"])
        var cache = SplitCache()
        cache.markerCommits = [id(3)]
        cache.append(SplitCache.encode((0..<50).map { SplitCache.Record(source: id($0), state: .split, value: id($0 + 100)) }))
        cache.append(SplitCache.encode([SplitCache.Record(source: id(7), state: .noTree, value: .zero)]))
        let archive = SplitCacheArchive(objects: store)
        let commit = try archive.storeCache(cache, keepAlive: keepAlive, description: "Lib")
        #expect(try archive.storeCache(cache, keepAlive: keepAlive, description: "Lib") == commit, "the same cache is the same commit")
        let info = try store.info(commit)
        #expect(info.parents == [keepAlive])
        #expect(info.message == "Carve split cache: Lib\n")
        #expect(try store.names(info.tree) == ["layer-0000-sources", "layer-0000-values", "layer-0001-sources", "layer-0001-values", "meta"])
        #expect(archive.loadCache(reference: "refs/carve/cache/Lib") == nil, "no reference yet")
        store.references["refs/carve/cache/Lib"] = commit
        let loaded = try #require(SplitCacheArchive(objects: store).loadCache(reference: "refs/carve/cache/Lib"))
        #expect(loaded.layers == cache.layers)
        #expect(loaded.markerCommits == [id(3)])
        #expect(loaded.lookup(id(7))?.state == .noTree)
        store.references["refs/carve/cache/Lib"] = keepAlive
        #expect(archive.loadCache(reference: "refs/carve/cache/Lib") == nil, "a commit without meta is no cache")
    }
}
