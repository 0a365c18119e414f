"""refrain dedupe on Apache Spark: the single machine's results, computed on a cluster.

Run as `spark-submit Spark/refrain_spark/__main__.py INPUT... -o REPORT.json --work WORKDIR
[--write-deduped OUT] [-- REFRAIN DEDUPE OPTIONS]` or `python -m refrain_spark --master
'local[2]' ...`. See the README's "Scaling out" section.
"""

__version__ = "0.1.0"
