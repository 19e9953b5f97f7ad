"""An allowance: a few uses per key in any hour, counted in the cache all workers share."""

from __future__ import annotations

import time

from kompas.lib.throttle import Allowance


def test_a_key_has_its_uses_and_no_more_and_others_keep_theirs() -> None:
    mails = Allowance("test-mails", 3)
    assert [mails.take("42") for _ in range(5)] == [True, True, True, False, False]
    assert mails.take("43")
    assert Allowance("test-other", 3).take("42")  # another allowance counts apart


def test_a_use_comes_back_when_its_time_is_over() -> None:
    quick = Allowance("test-quick", 2, seconds=1)
    assert quick.take("a") and quick.take("a") and not quick.take("a")
    time.sleep(1.1)
    assert quick.take("a")
