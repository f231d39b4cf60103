"""Pain as data: the day review, what eases pain, pacing (boom-bust), flares, patterns and PEG.

Every module here is a pure function of records the caller passes in a
:class:`painpal.history.History`; only the history's loaders (and
:func:`painpal.analysis.review.load_review`, through them) touch a store.
Nothing here imports Textual, reads the clock or writes anything.

The modules, from the bottom up:

* :mod:`~painpal.analysis.baselines` - how far back "usual" is measured (plain numbers);
* :mod:`~painpal.analysis.stats` - group means and when a difference is worth a sentence;
* :mod:`~painpal.analysis.days` - what one painpal day holds, and what counts as activity;
* :mod:`~painpal.analysis.flares` - days well above the person's usual pain;
* :mod:`~painpal.analysis.pacing` - activity against its baseline, and what followed busy days;
* :mod:`~painpal.analysis.effects` - the change in pain around each routine and relief;
* :mod:`~painpal.analysis.review` - the end-of-day review;
* :mod:`~painpal.analysis.peg` - the weekly PEG score and when it is due;
* :mod:`~painpal.analysis.patterns` - a period's figures, and the sentences they support
  (with the honesty rules every sentence follows).

This package module re-exports nothing, so importing one analysis loads only
what that one needs: import each name from its own module.

Time: every day here is a *painpal day* (:func:`painpal.domain.clock.painpal_day`),
so a 01:00 check-in belongs to the evening before; hours are the local wall
hours recorded with each check-in, so daylight-saving days need no special
care beyond being 23 or 25 hours long.
"""
