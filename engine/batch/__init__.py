"""7. Many departments: scored file after file (or on N processes) in constant memory, ranked,
reviewed against their self-evaluations (复核), and checked against the bureau's test cases.

`jixiao.engine.batch` is the door for a program scoring many files (docs/performance.md):

    from jixiao.engine.batch import score_paths
    for result in score_paths(paths, jobs=2):        # an iterator, in the order of `paths`
        print(result.path, result.total, result.grade)
"""

from jixiao.engine.batch.pool import (
    Batch,
    FileResult,
    init_worker,
    ordered_map,
    score_path,
    score_paths,
)

__all__ = ["Batch", "FileResult", "init_worker", "ordered_map", "score_path", "score_paths"]
